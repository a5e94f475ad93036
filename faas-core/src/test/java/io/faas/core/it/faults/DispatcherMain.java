package io.faas.core.it.faults;

import io.faas.api.DuplicateFunctionException;
import io.faas.api.FunctionHandler;
import io.faas.api.FunctionSpec;
import io.faas.api.Topic;
import io.faas.core.DispatcherSettings;
import io.faas.core.FaasClient;
import io.faas.core.FaasClients;
import io.faas.core.FaasSettings;
import io.faas.core.PythonSettings;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The dispatcher of the fault-injection suite in a JVM of its own, against a broker and a
 * MongoDB-wire server in other processes. One Java function, {@value Rig#JAVA_FUNCTION}, appends
 * the id of every event it runs to a file (written through before it returns, so a kill -9 loses
 * no line); with {@code python}, one Python function, {@value Rig#PYTHON_FUNCTION}, crashes
 * ({@code os._exit}) on events marked {@code crash} and hangs past its timeout on those marked
 * {@code hang}. A SIGTERM closes the client (a shutdown hook, as an application would).
 * Arguments: Kafka port, MongoDB port, runs file, {@code java} or {@code python}. Prints
 * {@value Rig#READY} once the dispatcher is started.
 */
public final class DispatcherMain {

    static final String PYTHON_CODE = """
            import os, time
            def handler(event, context):
                if event.get("fault") == "crash":
                    os._exit(7)
                if event.get("fault") == "hang":
                    time.sleep(30)
                return event["n"]
            """;

    private DispatcherMain() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        FileOutputStream runs = new FileOutputStream(args[2], true);
        boolean python = "python".equals(args[3]);
        FaasClient faas = FaasClients.create(FaasSettings.builder()
                .kafkaBootstrapServers("127.0.0.1:" + args[0])
                .mongoUri("mongodb://127.0.0.1:" + args[1])
                .validation(false)
                .python(PythonSettings.builder().poolSize(3).build())
                .dispatcher(DispatcherSettings.builder().groupId(Rig.GROUP).build())
                .build());
        Runtime.getRuntime().addShutdownHook(new Thread(faas::close, "close-faas"));
        if (faas.topics().get(Rig.TOPIC).isEmpty()) {
            faas.topics().create(Topic.of(Rig.TOPIC, Rig.PARTITIONS));
        }
        FunctionSpec java = FunctionSpec.java(Rig.JAVA_FUNCTION, Rig.TOPIC);
        FunctionHandler recordRun = (event, context) -> {
            byte[] line = (context.eventId() + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                synchronized (runs) {
                    runs.write(line); // unbuffered: in the OS before the function returns
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return ((Map<?, ?>) event).get("n");
        };
        try {
            faas.functions().register(java, recordRun);
        } catch (DuplicateFunctionException e) {
            faas.functions().update(java, recordRun);
        }
        if (python) {
            FunctionSpec spec = FunctionSpec.python(Rig.PYTHON_FUNCTION, Rig.TOPIC).toBuilder()
                    .timeout(Duration.ofSeconds(1)).maxAttempts(2).build();
            try {
                faas.functions().register(spec, PYTHON_CODE);
            } catch (DuplicateFunctionException e) {
                faas.functions().update(spec, PYTHON_CODE);
            }
        }
        faas.dispatcher().start();
        Rig.ready();
        new CountDownLatch(1).await();
    }
}
