package io.faas.testkit.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The test class path logs through Logback. */
class QuietLogsTest {

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
        assertThat(QuietLogs.KAFKA_BROKER).doesNotContain("org.apache.kafka", "org.apache.kafka.clients");
    }
}
