package io.faas.spring.boot.autoconfigure;

import io.opentelemetry.api.OpenTelemetry;
import io.faas.api.CodeValidator;
import io.faas.api.spi.FunctionExecutor;
import io.faas.core.DispatcherSettings;
import io.faas.core.FaasClient;
import io.faas.core.FaasClients;
import io.faas.core.FaasSettings;
import io.faas.core.PythonSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.stream.Stream;

/**
 * Auto-configuration of faas itself: the {@link FaasClient} built from the {@code faas.*}
 * properties, the dispatcher as a {@link org.springframework.context.SmartLifecycle}, and the
 * registration of {@link io.faas.spring.boot.FaasFunction @FaasFunction} beans, whose event
 * arguments are converted with the application's {@link JsonMapper} when it has one (Boot's
 * {@code spring-boot-jackson} makes one), so its modules and naming strategy apply. Every bean backs
 * off when the application defines its own.
 *
 * <p>Beans of type {@link CodeValidator} and {@link FunctionExecutor} in the context (from the
 * validation auto-configuration or the application's own), and the executors of every
 * {@link FaasExecutorGroup} bean (the SSH pools and EC2 fleets configured under {@code faas.ssh}
 * and {@code faas.ec2}), are handed to the client, which starts and closes the executors;
 * without a validator bean, the client checks
 * sources with the configured CPython's compiler. A {@link PythonSettings} bean (from the Python
 * auto-configuration) becomes the settings' Python part.
 *
 * @since 0.1
 */
@AutoConfiguration
@ConditionalOnClass(FaasClient.class)
@EnableConfigurationProperties(FaasProperties.class)
public class FaasAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FaasConnectionDetails faasConnectionDetails(FaasProperties properties) {
        return new PropertiesFaasConnectionDetails(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    FaasFunctionDefaults faasFunctionDefaults(FaasProperties properties) {
        return properties.getDispatcher().toFunctionDefaults();
    }

    @Bean
    @ConditionalOnMissingBean
    FaasSettings faasSettings(FaasProperties properties, FaasConnectionDetails connection,
                              ObjectProvider<PythonSettings> python,
                              ObjectProvider<DispatcherSettingsCustomizer> dispatcherCustomizers,
                              ObjectProvider<FaasSettingsCustomizer> customizers) {
        DispatcherSettings.Builder dispatcher = properties.getDispatcher().toSettingsBuilder();
        dispatcherCustomizers.orderedStream().forEach(c -> c.customize(dispatcher));
        FaasSettings.Builder builder = properties.toSettingsBuilder(dispatcher.build())
                .kafkaBootstrapServers(connection.kafkaBootstrapServers())
                .mongoUri(connection.mongoUri());
        python.ifAvailable(builder::python);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /**
     * Connects to Kafka and MongoDB; the dispatcher is started later by {@link FaasDispatcherLifecycle}.
     * Spans go to the application's {@code OpenTelemetry} bean, if it has one.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    FaasClient faasClient(FaasSettings settings, ObjectProvider<FunctionExecutor> executors,
                          ObjectProvider<FaasExecutorGroup> groups, ObjectProvider<CodeValidator> validator,
                          ObjectProvider<OpenTelemetry> openTelemetry) {
        List<FunctionExecutor> all = Stream.concat(executors.orderedStream(),
                groups.orderedStream().flatMap(group -> group.executors().stream())).toList();
        return FaasClients.create(settings, all, validator.getIfAvailable(),
                openTelemetry.getIfAvailable(OpenTelemetry::noop));
    }

    @Bean
    @ConditionalOnMissingBean
    FaasDispatcherLifecycle faasDispatcherLifecycle(FaasClient client, FaasSettings settings, FaasProperties properties) {
        return new FaasDispatcherLifecycle(client.dispatcher(), properties.getDispatcher().isAutoStartup(),
                settings.dispatcher().closeGracePeriod());
    }

    @Bean
    static FaasFunctionRegistrar faasFunctionRegistrar(ObjectProvider<FaasClient> client,
                                                       ObjectProvider<FaasFunctionDefaults> defaults,
                                                       ObjectProvider<FaasProperties> properties,
                                                       ObjectProvider<JsonMapper> jsonMapper) {
        return new FaasFunctionRegistrar(client, defaults, properties, jsonMapper);
    }
}
