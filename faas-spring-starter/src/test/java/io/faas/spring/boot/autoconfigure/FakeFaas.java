package io.faas.spring.boot.autoconfigure;

import io.faas.api.Dispatcher;
import io.faas.api.FunctionHandler;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.FunctionRegistry;
import io.faas.api.Invocation;
import io.faas.api.ServiceUnavailableException;
import io.faas.api.Topic;
import io.faas.api.TopicRegistry;
import io.faas.core.FaasClient;
import io.faas.core.PartitionLag;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/** An in-memory stand-in for a {@link FaasClient}, enough for the auto-configuration's unit tests. */
public final class FakeFaas {

    final Set<String> topics = ConcurrentHashMap.newKeySet();
    final Map<String, FunctionSpec> specs = new ConcurrentHashMap<>();
    final Map<String, FunctionHandler> handlers = new ConcurrentHashMap<>();
    public final List<Consumer<Invocation>> listeners = new CopyOnWriteArrayList<>();
    public volatile boolean running;
    volatile boolean closed;
    public volatile boolean kafkaDown;
    public final FaasClient client;

    public FakeFaas() {
        Dispatcher dispatcher = proxy(Dispatcher.class, (name, args) -> switch (name) {
            case "start" -> {
                running = true;
                yield null;
            }
            case "close" -> {
                running = false;
                yield null;
            }
            case "isRunning" -> running;
            default -> throw new UnsupportedOperationException(name);
        });
        TopicRegistry topicRegistry = proxy(TopicRegistry.class, (name, args) -> switch (name) {
            case "get" -> topics.contains((String) args[0]) ? Optional.of(Topic.of((String) args[0])) : Optional.empty();
            case "create" -> {
                topics.add(((Topic) args[0]).name());
                yield args[0];
            }
            default -> throw new UnsupportedOperationException(name);
        });
        FunctionRegistry functions = proxy(FunctionRegistry.class, (name, args) -> switch (name) {
            case "register" -> {
                FunctionSpec spec = (FunctionSpec) args[0];
                specs.put(spec.name(), spec);
                handlers.put(spec.name(), (FunctionHandler) args[1]);
                yield new FunctionVersion(spec, 1, null, "hash", Instant.now());
            }
            default -> throw new UnsupportedOperationException(name);
        });
        client = proxy(FaasClient.class, (name, args) -> switch (name) {
            case "dispatcher" -> dispatcher;
            case "topics" -> topicRegistry;
            case "functions" -> functions;
            case "checkKafka" -> {
                if (kafkaDown) {
                    throw new ServiceUnavailableException("Kafka did not describe the cluster within PT1S");
                }
                yield null;
            }
            case "checkMongo" -> null;
            case "executors" -> List.of();
            case "consumerLag" -> List.of(new PartitionLag("maths", 0, 3), new PartitionLag("maths", 1, 4));
            case "inFlight" -> 2;
            case "rebalanceReexecutions" -> 5L;
            case "ledgerBacklog" -> 0;
            case "addInvocationListener" -> {
                @SuppressWarnings("unchecked")
                Consumer<Invocation> listener = (Consumer<Invocation>) args[0];
                listeners.add(listener);
                yield null;
            }
            case "close" -> {
                closed = true;
                yield null;
            }
            default -> throw new UnsupportedOperationException(name);
        });
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, BiFunction<String, Object[], Object> answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (p, method, args) -> {
            switch (method.getName()) {
                case "toString":
                    return "Fake" + type.getSimpleName();
                case "hashCode":
                    return System.identityHashCode(p);
                case "equals":
                    return p == args[0];
                default:
                    return answer.apply(method.getName(), args);
            }
        });
    }
}
