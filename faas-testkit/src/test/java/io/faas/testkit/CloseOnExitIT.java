package io.faas.testkit;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code closeOnExit(false)} leaves closing to the host: no JVM shutdown hook, and close() still stops the server. */
class CloseOnExitIT {

    @Test
    void mongoWithoutAnExitHook() throws Exception {
        EmbeddedMongo mongo = EmbeddedMongo.builder().closeOnExit(false).build().start();
        try {
            assertThat(hook(mongo)).isNull();
        } finally {
            mongo.close();
        }
        assertThat(mongo.isRunning()).isFalse();
        try (EmbeddedMongo withHook = EmbeddedMongo.builder().build().start()) {
            assertThat(hook(withHook)).as("the default keeps the hook").isNotNull();
        }
    }

    @Test
    void kafkaWithoutAnExitHook() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.builder().closeOnExit(false).build().start();
        try {
            assertThat(hook(kafka)).isNull();
        } finally {
            kafka.close();
        }
        assertThat(kafka.isRunning()).isFalse();
    }

    private static Object hook(Object server) throws ReflectiveOperationException {
        Field f = server.getClass().getDeclaredField("shutdownHook");
        f.setAccessible(true);
        return f.get(server);
    }
}
