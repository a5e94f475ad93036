package io.faas.logging.internal;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keeps the start of an app that embeds faas short: the INFO chatter of faas's own Kafka and
 * MongoDB clients (each Kafka client prints its whole configuration, ~100 lines) and of the
 * embedded servers (the broker prints its configuration three times, ~340 lines each) is dropped;
 * their warnings and errors are not.
 *
 * <p>Two tools, both leaving alone what the host application configured:
 * <ul>
 *   <li>{@link #warnOnly(List)} sets loggers that only an embedded server uses to WARN (Logback,
 *       Log4j 2 and java.util.logging behind SLF4J);</li>
 *   <li>{@link #quietly(Supplier)} runs code, and every thread it starts, in a quiet scope: with
 *       Logback, INFO events without an exception from the {@link #VENDOR vendor loggers} are
 *       dropped there. The Kafka and MongoDB client loggers are shared by every client in the JVM,
 *       so the scope, not the logger, says whose chatter it is: the host application's own clients
 *       keep logging as configured.</li>
 * </ul>
 * A logger, or one of its parents other than the root, with a level set (e.g.
 * {@code logging.level.org.apache.kafka=INFO}) is left to that level. The system property
 * {@value #DISABLE_PROPERTY}{@code =false} turns both off.
 *
 * <p>Thread-safe.
 */
public final class QuietLogs {
    /** System property that, set to {@code false}, leaves every logger as configured. */
    public static final String DISABLE_PROPERTY = "faas.quiet-logs";
    /** The name this switch had when only the testkit had it; still honoured. */
    static final String OLD_DISABLE_PROPERTY = "faas.testkit.quiet-logs";

    /**
     * Loggers only the Kafka broker and controller use, not the Kafka clients (whose shared
     * loggers, like {@code org.apache.kafka.common.network}, the quiet scope handles instead).
     */
    public static final List<String> KAFKA_BROKER = List.of(
            "kafka",
            "state.change.logger",
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

    /** Loggers (and their children) whose INFO events a quiet scope drops. */
    public static final List<String> VENDOR = List.of(
            "org.apache.kafka", "kafka", "state.change.logger", "org.mongodb.driver", "de.bwaldvogel.mongo");

    // Inherited: the threads a client or server starts while it is built (Kafka's network
    // threads, the MongoDB driver's monitors, the broker's handlers) are quiet too.
    private static final InheritableThreadLocal<Boolean> QUIET = new InheritableThreadLocal<>();

    // java.util.logging holds loggers weakly: keep the ones we set, or the level is lost.
    private static final List<Object> KEEP = new ArrayList<>();

    private QuietLogs() {
    }

    /** Whether the current thread is in a quiet scope. */
    public static boolean isQuiet() {
        return Boolean.TRUE.equals(QUIET.get());
    }

    /** Runs {@code work} in a quiet scope (see the class javadoc) and returns its result. */
    public static <T> T quietly(Supplier<T> work) {
        if (!enabled()) {
            return work.get();
        }
        installFilter();
        Boolean before = QUIET.get();
        QUIET.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            QUIET.set(before);
        }
    }

    /** Runs {@code work} in a quiet scope (see the class javadoc). */
    public static void quietly(Runnable work) {
        quietly(() -> {
            work.run();
            return null;
        });
    }

    /**
     * {@code task} that runs outside any quiet scope, for threads that run user code: they may be
     * started from a quiet thread, and a function's own clients are the host's business.
     */
    public static Runnable loudly(Runnable task) {
        return () -> {
            QUIET.remove();
            task.run();
        };
    }

    /** Sets the given loggers to WARN where the back-end allows and nobody configured them. */
    public static synchronized void warnOnly(List<String> loggerNames) {
        if (!enabled()) {
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

    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(DISABLE_PROPERTY, "true"))
                && !"false".equalsIgnoreCase(System.getProperty(OLD_DISABLE_PROPERTY, "true"));
    }

    private static void installFilter() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!"ch.qos.logback.classic.LoggerContext".equals(factory.getClass().getName())) {
            return;
        }
        try {
            QuietLogsFilter.installIn(factory);
        } catch (RuntimeException | LinkageError e) {
            // Logback of a version we do not know, or not visible to this class loader.
            LoggerFactory.getLogger(QuietLogs.class).debug("could not install the quiet scope's filter", e);
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
