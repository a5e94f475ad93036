package io.faas.testkit.internal;

import io.faas.testkit.internal.ServerResolution.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Testcontainers, reached only by reflection: it is an optional dependency of the testkit, so
 * nothing here may link against it. Every method is safe to call without it on the class path.
 */
public final class Containers {
    private static final Logger log = LoggerFactory.getLogger(Containers.class);

    private static final String DOCKER_CLIENT_FACTORY = "org.testcontainers.DockerClientFactory";
    private static final String KAFKA_CONTAINER = "org.testcontainers.kafka.KafkaContainer";
    private static final String MONGO_CONTAINER = "org.testcontainers.mongodb.MongoDBContainer";

    /** A started container and the address to reach it. */
    public record Started(String address, AutoCloseable container) {
    }

    private Containers() {
    }

    /** Servers whose Testcontainers module (and Testcontainers itself) is on the class path. */
    public static Set<Server> modulesPresent() {
        Set<Server> present = EnumSet.noneOf(Server.class);
        if (!isPresent(DOCKER_CLIENT_FACTORY)) {
            return present;
        }
        if (isPresent(KAFKA_CONTAINER)) {
            present.add(Server.KAFKA);
        }
        if (isPresent(MONGO_CONTAINER)) {
            present.add(Server.MONGO);
        }
        return present;
    }

    /** Whether Testcontainers finds a Docker engine that answers; false when it is absent. */
    public static boolean dockerAvailable() {
        try {
            Class<?> factory = Class.forName(DOCKER_CLIENT_FACTORY, true, loader());
            Object instance = factory.getMethod("instance").invoke(null);
            return (Boolean) factory.getMethod("isDockerAvailable").invoke(instance);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.debug("Testcontainers could not tell whether Docker is available", e);
            return false;
        }
    }

    /**
     * Starts a container for {@code server} from {@code image}.
     *
     * @throws IllegalStateException if it did not start (the cause says why)
     */
    public static Started start(Server server, String image) {
        String className = server == Server.KAFKA ? KAFKA_CONTAINER : MONGO_CONTAINER;
        String addressMethod = server == Server.KAFKA ? "getBootstrapServers" : "getConnectionString";
        Object container = null;
        try {
            Class<?> type = Class.forName(className, true, loader());
            container = type.getConstructor(String.class).newInstance(image);
            type.getMethod("start").invoke(container);
            String address = (String) type.getMethod(addressMethod).invoke(container);
            return new Started(address, (AutoCloseable) container);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            if (container instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            throw new IllegalStateException("could not start a " + server + " container from " + image, cause);
        }
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, loader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static ClassLoader loader() {
        return Containers.class.getClassLoader();
    }
}
