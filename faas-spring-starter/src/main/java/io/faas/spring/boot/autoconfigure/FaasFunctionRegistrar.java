package io.faas.spring.boot.autoconfigure;

import io.faas.api.DuplicateTopicException;
import io.faas.api.FunctionContext;
import io.faas.api.FunctionHandler;
import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.Subscription;
import io.faas.api.Topic;
import io.faas.core.FaasClient;
import io.faas.spring.boot.FaasFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.function.SingletonSupplier;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Finds {@link FaasFunction @FaasFunction} beans and methods as beans are created, and registers
 * them once every singleton exists (so before the dispatcher, a lifecycle bean, starts).
 */
final class FaasFunctionRegistrar implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware {

    private static final Logger log = LoggerFactory.getLogger(FaasFunctionRegistrar.class);

    private record Declared(FaasFunction annotation, String name, FunctionHandler handler, String source) {
    }

    private final ObjectProvider<FaasClient> client;
    private final ObjectProvider<FaasFunctionDefaults> defaults;
    private final ObjectProvider<FaasProperties> properties;
    private final Supplier<JsonMapper> jsonMapper;
    private final Map<String, Declared> declared = new LinkedHashMap<>();
    private ConfigurableListableBeanFactory beanFactory;

    /**
     * @param jsonMapper the application's mapper, which converts an event to a method's parameter type
     *                   (its modules and naming strategy apply), else a plain one; looked up on first use
     */
    FaasFunctionRegistrar(ObjectProvider<FaasClient> client, ObjectProvider<FaasFunctionDefaults> defaults,
                          ObjectProvider<FaasProperties> properties, ObjectProvider<JsonMapper> jsonMapper) {
        this.client = client;
        this.defaults = defaults;
        this.properties = properties;
        this.jsonMapper = SingletonSupplier.of(() -> jsonMapper.getIfUnique(() -> JsonMapper.builder().build()));
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
            this.beanFactory = listable;
        }
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> type = AopUtils.getTargetClass(bean);
        FaasFunction onType = AnnotatedElementUtils.findMergedAnnotation(type, FaasFunction.class);
        if (onType == null && beanFactory != null && beanFactory.containsBeanDefinition(beanName)) {
            // on the @Bean method that made it
            onType = beanFactory.findAnnotationOnBean(beanName, FaasFunction.class);
        }
        if (onType != null) {
            if (!(bean instanceof FunctionHandler handler)) {
                throw new BeanInitializationException("bean '" + beanName + "' is annotated @FaasFunction but does"
                        + " not implement " + FunctionHandler.class.getName());
            }
            add(new Declared(onType, onType.name().isEmpty() ? beanName : onType.name(), handler,
                    type.getName()));
        }
        if (!AnnotationUtils.isCandidateClass(type, FaasFunction.class)) {
            return bean; // java.*, Spring's own types: nothing to look at
        }
        Map<Method, FaasFunction> methods = MethodIntrospector.selectMethods(type,
                (MethodIntrospector.MetadataLookup<FaasFunction>) m ->
                        AnnotatedElementUtils.hasAnnotation(m, Bean.class) ? null
                                : AnnotatedElementUtils.findMergedAnnotation(m, FaasFunction.class));
        methods.forEach((method, annotation) -> {
            Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
            add(new Declared(annotation, annotation.name().isEmpty() ? method.getName() : annotation.name(),
                    new MethodHandler(bean, invocable, jsonMapper), type.getName() + "#" + method.getName()));
        });
        return bean;
    }

    private synchronized void add(Declared d) {
        Declared before = declared.putIfAbsent(d.name(), d);
        if (before != null) {
            throw new BeanInitializationException("faas function '" + d.name() + "' is declared twice: by "
                    + before.source() + " and by " + d.source());
        }
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<Declared> toRegister;
        synchronized (this) {
            toRegister = new ArrayList<>(declared.values());
        }
        if (toRegister.isEmpty()) {
            return;
        }
        FaasClient faas = client.getObject();
        FaasFunctionDefaults fallback = defaults.getObject();
        boolean createTopics = properties.getObject().getFunctions().isCreateMissingTopics();
        for (Declared d : toRegister) {
            FunctionSpec spec = spec(d, fallback);
            for (String topic : spec.topics()) {
                ensureTopic(faas, d, topic, createTopics);
            }
            for (String topic : spec.destinations().topics()) {
                ensureTopic(faas, d, topic, createTopics);
            }
            FunctionVersion fv = faas.functions().register(spec, d.handler());
            log.info("faas function '{}' ({}) registered as version {} on {}", spec.name(), d.source(), fv.version(),
                    spec.topics());
        }
    }

    private FunctionSpec spec(Declared d, FaasFunctionDefaults fallback) {
        FaasFunction a = d.annotation();
        try {
            List<String> topics = new ArrayList<>();
            for (String topic : a.topics()) {
                topics.add(resolve(topic));
            }
            FunctionSpec.Builder b = fallback.builder(resolve(d.name())).runtime(FunctionRuntime.JAVA)
                    .handler(d.source()).topics(topics);
            if (!a.filter().isBlank()) {
                Map<String, Object> pattern = pattern(resolve(a.filter()));
                for (String topic : topics) {
                    b.subscribe(Subscription.of(topic, pattern));
                }
            }
            if (!a.timeout().isEmpty()) {
                b.timeout(duration(resolve(a.timeout())));
            }
            if (a.maxAttempts() != 0) {
                b.maxAttempts(a.maxAttempts());
            }
            b.maxConcurrency(a.maxConcurrency());
            b.onSuccess(a.onSuccess().isEmpty() ? null : resolve(a.onSuccess()));
            b.onFailure(a.onFailure().isEmpty() ? null : resolve(a.onFailure()));
            b.batchSize(a.batchSize());
            if (!a.batchWindow().isEmpty()) {
                b.batchWindow(duration(resolve(a.batchWindow())));
            }
            if (!a.executor().isEmpty()) {
                b.executor(a.executor());
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new BeanInitializationException("@FaasFunction of " + d.source() + " is invalid: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> pattern(String json) {
        Object pattern;
        try {
            pattern = jsonMapper.get().readValue(json, Object.class);
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("filter is not JSON: " + e.getOriginalMessage());
        }
        if (!(pattern instanceof Map)) {
            throw new IllegalArgumentException("filter must be a JSON object, an EventBridge pattern such as"
                    + " {\"type\": [\"created\"]}");
        }
        return (Map<String, Object>) pattern;
    }

    /** Resolves {@code ${...}} placeholders, as in {@code topics = "${orders.topic}"}. */
    private String resolve(String value) {
        String resolved = beanFactory == null ? value : beanFactory.resolveEmbeddedValue(value);
        return resolved == null ? value : resolved;
    }

    private static Duration duration(String text) {
        try {
            return DurationStyle.detectAndParse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("timeout '" + text + "' is not a duration such as 30s or PT30S");
        }
    }

    private static void ensureTopic(FaasClient faas, Declared d, String topic, boolean create) {
        if (faas.topics().get(topic).isPresent()) {
            return;
        }
        if (!create) {
            throw new BeanInitializationException("faas function '" + d.name() + "' (" + d.source() + ") names topic '"
                    + topic + "', which is not registered; create it first or set"
                    + " faas.functions.create-missing-topics=true");
        }
        try {
            faas.topics().create(Topic.of(topic));
            log.info("faas topic '{}' created for function '{}'", topic, d.name());
        } catch (DuplicateTopicException e) {
            // another instance created it at the same moment
        }
    }

    /**
     * Calls an annotated method; arguments are the event (converted by the mapper if it is not of the
     * parameter's type) and the context. The result is returned as is, for faas-core to record.
     */
    static final class MethodHandler implements FunctionHandler {

        private final Object bean;
        private final Method method;
        private final Supplier<JsonMapper> mapper;
        private final Class<?>[] parameters;

        MethodHandler(Object bean, Method method, Supplier<JsonMapper> mapper) {
            this.bean = bean;
            this.method = method;
            this.mapper = mapper;
            this.parameters = method.getParameterTypes();
            int events = 0;
            int contexts = 0;
            for (Class<?> p : parameters) {
                if (p == FunctionContext.class) {
                    contexts++;
                } else {
                    events++;
                }
            }
            if (events > 1 || contexts > 1) {
                throw new BeanInitializationException("@FaasFunction method " + method + " must take at most one event"
                        + " parameter and at most one FunctionContext");
            }
            ReflectionUtils.makeAccessible(method);
        }

        @Override
        public Object handle(Object event, FunctionContext context) throws Exception {
            Object[] args = new Object[parameters.length];
            for (int i = 0; i < parameters.length; i++) {
                Class<?> p = parameters[i];
                if (p == FunctionContext.class) {
                    args[i] = context;
                } else if (event == null || p.isInstance(event)) {
                    args[i] = event;
                } else {
                    JsonMapper json = mapper.get();
                    args[i] = json.convertValue(event, json.constructType(method.getGenericParameterTypes()[i]));
                }
            }
            try {
                return method.invoke(bean, args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            }
        }
    }
}
