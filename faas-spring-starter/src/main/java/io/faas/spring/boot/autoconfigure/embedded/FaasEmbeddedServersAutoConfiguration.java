package io.faas.spring.boot.autoconfigure.embedded;

import io.faas.core.FaasClient;
import io.faas.spring.boot.autoconfigure.FaasAutoConfiguration;
import io.faas.spring.boot.autoconfigure.FaasConnectionDetails;
import io.faas.spring.boot.autoconfigure.FaasProperties;
import io.faas.testkit.EmbeddedKafka;
import io.faas.testkit.EmbeddedMongo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Development mode: an in-process Kafka broker when {@code faas.kafka.bootstrap-servers} is not
 * set, and an in-process MongoDB-compatible server when {@code faas.mongo.uri} is not set, both
 * from faas-testkit and both keeping their data under {@code faas.embedded.data-dir}
 * ({@code ./faas-data}), so that topics, functions and the ledger survive a restart. A server
 * whose property is set is not started. Needs {@code io.faas:faas-testkit} on the classpath;
 * {@code faas.embedded.enabled=false} switches it off.
 *
 * <p>The start logs one WARN line that says so: which properties are unset, where the servers
 * listen and where their data is. The servers' own INFO chatter is dropped (faas-logging's
 * {@code QuietLogs}); their warnings are not.
 *
 * <p>The servers start when their bean is created, before the client connects, and stop after
 * the client closed: the context closes them (they register no JVM shutdown hook of their own),
 * so on SIGTERM the dispatcher drains and records its work before they go.
 *
 * @since 0.1
 */
@AutoConfiguration(before = FaasAutoConfiguration.class)
@ConditionalOnClass({EmbeddedKafka.class, EmbeddedMongo.class, FaasClient.class})
@ConditionalOnBooleanProperty(name = "faas.embedded.enabled", matchIfMissing = true)
@ConditionalOnMissingBean(FaasConnectionDetails.class)
@EnableConfigurationProperties(FaasProperties.class)
public class FaasEmbeddedServersAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FaasEmbeddedServersAutoConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @Conditional(OnMissingServerCondition.Kafka.class)
    EmbeddedKafka faasEmbeddedKafka(FaasProperties properties) {
        Path dir = dataDir(properties).resolve("kafka");
        EmbeddedKafka kafka = EmbeddedKafka.builder().logDir(dir).port(properties.getEmbedded().getKafkaPort())
                .closeOnExit(false)
                .build().start();
        log.debug("faas: embedded Kafka broker at {} (data in {})", kafka.bootstrapServers(), dir);
        return kafka;
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @Conditional(OnMissingServerCondition.Mongo.class)
    EmbeddedMongo faasEmbeddedMongo(FaasProperties properties) {
        Path file = dataDir(properties).resolve("mongo.mv.db");
        EmbeddedMongo mongo = EmbeddedMongo.builder().h2File(file).port(properties.getEmbedded().getMongoPort())
                .closeOnExit(false)
                .build().start();
        log.debug("faas: embedded MongoDB-compatible server at {} (data in {})", mongo.connectionString(), file);
        return mongo;
    }

    /** Where each server is: the embedded one if it was started, else the property. */
    @Bean
    @Conditional(OnMissingServerCondition.Any.class)
    FaasConnectionDetails faasEmbeddedConnectionDetails(FaasProperties properties, ObjectProvider<EmbeddedKafka> kafka,
                                                        ObjectProvider<EmbeddedMongo> mongo) {
        EmbeddedKafka k = kafka.getIfAvailable();
        EmbeddedMongo m = mongo.getIfAvailable();
        String bootstrap = k != null ? k.bootstrapServers() : properties.getKafka().getBootstrapServers();
        String uri = m != null ? m.connectionString() : properties.getMongo().getUri();
        warnDevelopmentMode(properties, k, m);
        return new FaasConnectionDetails() {
            @Override
            public String kafkaBootstrapServers() {
                return bootstrap;
            }

            @Override
            public String mongoUri() {
                return uri;
            }

            @Override
            public String toString() {
                return "embedded servers (Kafka " + bootstrap + ", MongoDB " + uri + ")";
            }
        };
    }

    /**
     * One WARN line at start: servers that a production app would configure run in this JVM, on
     * data that lives only in the data dir.
     */
    private static void warnDevelopmentMode(FaasProperties properties, EmbeddedKafka kafka, EmbeddedMongo mongo) {
        List<String> servers = new ArrayList<>();
        List<String> unset = new ArrayList<>();
        if (kafka != null) {
            servers.add("a Kafka broker at " + kafka.bootstrapServers());
            unset.add("faas.kafka.bootstrap-servers");
        }
        if (mongo != null) {
            servers.add("a MongoDB-compatible server at " + mongo.connectionString());
            unset.add("faas.mongo.uri");
        }
        if (servers.isEmpty()) {
            return;
        }
        boolean one = servers.size() == 1;
        log.warn("faas development mode: {} {} not set, so {} run{} in this JVM with data in {};"
                        + " set {} to use your own servers", String.join(" and ", unset), one ? "is" : "are",
                String.join(" and ", servers), one ? "s" : "", dataDir(properties), String.join(" and ", unset));
    }

    private static Path dataDir(FaasProperties properties) {
        return Path.of(properties.getEmbedded().getDataDir()).toAbsolutePath().normalize();
    }
}
