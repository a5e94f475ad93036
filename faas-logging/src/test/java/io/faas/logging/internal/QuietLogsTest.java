package io.faas.logging.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The test class path logs through Logback. */
class QuietLogsTest {

    // A context of its own: the test configuration sets the Kafka loggers to WARN already.
    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeEach
    void logToAList() {
        events.setContext(context);
        events.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(events);
        QuietLogsFilter.installIn(context);
        QuietLogsFilter.installIn(context);
        assertThat(context.getTurboFilterList()).hasSize(1);
    }

    @Test
    void lowersUnconfiguredLoggersToWarn() {
        QuietLogs.warnOnly(List.of("faas.quiet.unconfigured"));

        Logger logger = (Logger) LoggerFactory.getLogger("faas.quiet.unconfigured");
        assertThat(logger.getLevel()).isEqualTo(Level.WARN);
        assertThat(logger.isInfoEnabled()).isFalse();
    }

    @Test
    void leavesConfiguredLoggersAlone() {
        Logger logger = (Logger) LoggerFactory.getLogger("faas.quiet.configured");
        logger.setLevel(Level.DEBUG);

        QuietLogs.warnOnly(List.of("faas.quiet.configured"));

        assertThat(logger.getLevel()).isEqualTo(Level.DEBUG);
    }

    @Test
    void theBrokersLoggersAreNotTheClients() {
        assertThat(QuietLogs.KAFKA_BROKER).doesNotContain("org.apache.kafka", "org.apache.kafka.clients",
                "org.apache.kafka.common", "org.apache.kafka.common.network");
    }

    @Test
    void aQuietScopeDropsTheVendorsInfoButNotTheirWarningsNorOtherLoggers() {
        Logger config = context.getLogger("org.apache.kafka.common.config.AbstractConfig");
        Logger driver = context.getLogger("org.mongodb.driver.cluster");
        Logger host = context.getLogger("com.example.Host");
        Logger lookalike = context.getLogger("kafkaesque.Thing");

        QuietLogs.quietly(() -> {
            config.info("ProducerConfig values: ...");
            driver.info("Monitor thread successfully connected");
            driver.info("Exception in monitor thread while connecting", new IllegalStateException("down"));
            config.warn("unknown config 'x'");
            host.info("the host's own line");
            lookalike.info("not Kafka's");
        });
        config.info("ProducerConfig values: of the host's own producer");

        assertThat(messages()).containsExactly("Exception in monitor thread while connecting", "unknown config 'x'",
                "the host's own line", "not Kafka's", "ProducerConfig values: of the host's own producer");
    }

    @Test
    void threadsStartedInTheScopeAreQuietUnlessTheyRunUserCode() throws InterruptedException {
        Logger network = context.getLogger("org.apache.kafka.clients.NetworkClient");
        Thread[] started = new Thread[2];
        QuietLogs.quietly(() -> {
            started[0] = new Thread(() -> network.info("from the client's own thread"));
            started[1] = new Thread(QuietLogs.loudly(() -> network.info("from a thread that runs user code")));
        });
        for (Thread t : started) {
            t.start();
            t.join(10_000);
        }

        assertThat(messages()).containsExactly("from a thread that runs user code");
        assertThat(QuietLogs.isQuiet()).isFalse();
    }

    @Test
    void aLevelSetOnTheLoggerOrAParentBringsTheDetailBack() {
        context.getLogger("org.apache.kafka").setLevel(Level.INFO);

        QuietLogs.quietly(() -> context.getLogger("org.apache.kafka.common.config.AbstractConfig")
                .info("ProducerConfig values: ..."));

        assertThat(messages()).containsExactly("ProducerConfig values: ...");
    }

    private List<String> messages() {
        return events.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
