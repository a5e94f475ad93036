package io.faas.testkit.internal;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sets the embedded servers' own loggers to WARN, so a test log shows the test and not the
 * broker's start-up chatter. Only loggers the host application left unconfigured are touched,
 * and only for the logging back-ends we know (Logback, Log4j 2 and java.util.logging behind
 * SLF4J); anything else is left alone. The system property {@value #DISABLE_PROPERTY}{@code =false}
 * turns it off.
 */
public final class QuietLogs {
    /** System property that, set to {@code false}, leaves every logger as configured. */
    public static final String DISABLE_PROPERTY = "faas.testkit.quiet-logs";

    /** Loggers of the Kafka broker and controller (not of the Kafka clients a test uses). */
    public static final List<String> KAFKA_BROKER = List.of(
            "kafka",
            "state.change.logger",
            "org.apache.kafka.common.network",
            "org.apache.kafka.controller",
            "org.apache.kafka.coordinator",
            "org.apache.kafka.image",
            "org.apache.kafka.metadata",
            "org.apache.kafka.queue",
            "org.apache.kafka.raft",
            "org.apache.kafka.server",
            "org.apache.kafka.snapshot",
            "org.apache.kafka.storage");

    /** Loggers of the MongoDB-wire server. */
    public static final List<String> MONGO_SERVER = List.of("de.bwaldvogel.mongo");

    // java.util.logging holds loggers weakly: keep the ones we set, or the level is lost.
    private static final List<Object> KEEP = new ArrayList<>();

    private QuietLogs() {
    }

    /** Sets the given loggers to WARN where the back-end allows and nobody configured them. */
    public static synchronized void warnOnly(List<String> loggerNames) {
        if ("false".equalsIgnoreCase(System.getProperty(DISABLE_PROPERTY, "true"))) {
            return;
        }
        try {
            ILoggerFactory factory = LoggerFactory.getILoggerFactory();
            String backend = factory.getClass().getName();
            for (String name : loggerNames) {
                switch (backend) {
                    case "ch.qos.logback.classic.LoggerContext" -> logback(factory, name);
                    case "org.apache.logging.slf4j.Log4jLoggerFactory" -> log4j2(name);
                    case "org.slf4j.jul.JDK14LoggerFactory" -> jul(name);
                    default -> {
                        return;
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // A logging back-end of another version than we know: leave it as it is.
            LoggerFactory.getLogger(QuietLogs.class).debug("could not lower the embedded servers' log level", e);
        }
    }

    private static void logback(ILoggerFactory factory, String name) throws ReflectiveOperationException {
        Object logger = factory.getLogger(name);
        Method getLevel = logger.getClass().getMethod("getLevel");
        if (getLevel.invoke(logger) != null) {
            return;
        }
        Class<?> level = Class.forName("ch.qos.logback.classic.Level", false, logger.getClass().getClassLoader());
        logger.getClass().getMethod("setLevel", level).invoke(logger, level.getField("WARN").get(null));
    }

    private static void log4j2(String name) throws ReflectiveOperationException {
        ClassLoader loader = QuietLogs.class.getClassLoader();
        Class<?> logManager = Class.forName("org.apache.logging.log4j.LogManager", false, loader);
        Object context = logManager.getMethod("getContext", boolean.class).invoke(null, false);
        Object configuration = context.getClass().getMethod("getConfiguration").invoke(context);
        Map<?, ?> configured = (Map<?, ?>) configuration.getClass().getMethod("getLoggers").invoke(configuration);
        if (configured.containsKey(name)) {
            return;
        }
        Class<?> level = Class.forName("org.apache.logging.log4j.Level", false, loader);
        Class<?> configurator = Class.forName("org.apache.logging.log4j.core.config.Configurator", false, loader);
        configurator.getMethod("setLevel", String.class, level).invoke(null, name, level.getField("WARN").get(null));
    }

    private static void jul(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        if (logger.getLevel() == null) {
            logger.setLevel(java.util.logging.Level.WARNING);
            KEEP.add(logger);
        }
    }
}
