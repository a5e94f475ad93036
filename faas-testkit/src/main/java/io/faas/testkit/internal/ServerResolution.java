package io.faas.testkit.internal;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Decides where the shared test servers come from: the environment, Testcontainers or the
 * embedded servers. A pure function of its inputs, so the order can be unit-tested.
 *
 * <p>Per server, in this order:
 * <ol>
 *   <li>{@value #KAFKA_BOOTSTRAP} / {@value #MONGO_URI} when set (not blank): that address;</li>
 *   <li>Testcontainers, when its module for that server is on the class path,
 *       {@value #CONTAINERS} is not {@code false}, and a Docker engine answers (asked at most
 *       once, and only when some server needs it);</li>
 *   <li>the embedded server.</li>
 * </ol>
 */
public final class ServerResolution {
    /** Bootstrap servers of a Kafka broker to use instead of starting one. */
    public static final String KAFKA_BOOTSTRAP = "FAAS_TEST_KAFKA_BOOTSTRAP";
    /** Connection string of a MongoDB server to use instead of starting one. */
    public static final String MONGO_URI = "FAAS_TEST_MONGO_URI";
    /** {@code false} skips Testcontainers even when a Docker engine answers. */
    public static final String CONTAINERS = "FAAS_TEST_CONTAINERS";
    /** Docker image of the Kafka container. */
    public static final String KAFKA_IMAGE = "FAAS_TEST_KAFKA_IMAGE";
    /** Docker image of the MongoDB container. */
    public static final String MONGO_IMAGE = "FAAS_TEST_MONGO_IMAGE";

    /** The broker image matching the Kafka version the testkit embeds. */
    public static final String DEFAULT_KAFKA_IMAGE = "apache/kafka:4.3.1";
    /** A current MongoDB release. */
    public static final String DEFAULT_MONGO_IMAGE = "mongo:8.0";

    /** The two servers a test may ask for. */
    public enum Server { KAFKA, MONGO }

    /** Where a server comes from. */
    public enum Source { ENVIRONMENT, TESTCONTAINERS, EMBEDDED }

    /**
     * Where one server comes from.
     *
     * @param source where it comes from
     * @param value  the address for {@link Source#ENVIRONMENT}, the image for
     *               {@link Source#TESTCONTAINERS}, {@code null} for {@link Source#EMBEDDED}
     */
    public record Choice(Source source, String value) {
        public Choice {
            Objects.requireNonNull(source, "source");
            if ((source == Source.EMBEDDED) != (value == null)) {
                throw new IllegalArgumentException(source + " with value " + value);
            }
        }

        static final Choice EMBEDDED = new Choice(Source.EMBEDDED, null);
    }

    /** The decision for both servers. */
    public record Plan(Choice kafka, Choice mongo) {
        public Plan {
            Objects.requireNonNull(kafka, "kafka");
            Objects.requireNonNull(mongo, "mongo");
        }

        public Choice choice(Server server) {
            return server == Server.KAFKA ? kafka : mongo;
        }
    }

    private ServerResolution() {
    }

    /**
     * Decides both servers.
     *
     * @param env              environment variables (normally {@link System#getenv()})
     * @param containerModules servers whose Testcontainers module is on the class path
     * @param dockerAvailable  whether a Docker engine answers; called at most once, and only if
     *                         a server could use a container
     */
    public static Plan resolve(Map<String, String> env, Set<Server> containerModules, BooleanSupplier dockerAvailable) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(containerModules, "containerModules");
        Objects.requireNonNull(dockerAvailable, "dockerAvailable");
        boolean containersAllowed = !"false".equalsIgnoreCase(value(env, CONTAINERS));
        Boolean[] docker = new Boolean[1];
        BooleanSupplier dockerOnce = () -> {
            if (docker[0] == null) {
                docker[0] = dockerAvailable.getAsBoolean();
            }
            return docker[0];
        };
        Choice kafka = choose(value(env, KAFKA_BOOTSTRAP), containersAllowed && containerModules.contains(Server.KAFKA),
                dockerOnce, imageOr(env, KAFKA_IMAGE, DEFAULT_KAFKA_IMAGE));
        Choice mongo = choose(value(env, MONGO_URI), containersAllowed && containerModules.contains(Server.MONGO),
                dockerOnce, imageOr(env, MONGO_IMAGE, DEFAULT_MONGO_IMAGE));
        return new Plan(kafka, mongo);
    }

    private static Choice choose(String address, boolean containerPossible, BooleanSupplier docker, String image) {
        if (address != null) {
            return new Choice(Source.ENVIRONMENT, address);
        }
        if (containerPossible && docker.getAsBoolean()) {
            return new Choice(Source.TESTCONTAINERS, image);
        }
        return Choice.EMBEDDED;
    }

    private static String imageOr(Map<String, String> env, String name, String fallback) {
        String image = value(env, name);
        return image == null ? fallback : image;
    }

    private static String value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
