package io.faas.core.it.crash;

import io.faas.api.FunctionSpec;
import io.faas.api.Topic;
import io.faas.core.DispatcherSettings;
import io.faas.core.FaasClient;
import io.faas.core.FaasClients;
import io.faas.core.FaasSettings;
import io.faas.testkit.EmbeddedKafka;
import io.faas.testkit.EmbeddedMongo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded mode in a JVM of its own, as the admin app runs it: a Kafka broker with its log on
 * disk, the MongoDB-wire server on an H2 file, and a faas client whose dispatcher runs one Java
 * function on {@value #TOPIC}. A test kills it with -9 and starts it again on the same directory
 * and ports. Arguments: directory, Kafka port, MongoDB port. Prints {@code ready startMillis=N}.
 */
public final class EmbeddedFaasProcess {

    static final String TOPIC = "crash";
    static final int PARTITIONS = 4;
    static final String FUNCTION = "count";

    private EmbeddedFaasProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        long start = System.nanoTime();
        Path dir = Path.of(args[0]);
        EmbeddedKafka kafka = EmbeddedKafka.builder().logDir(dir.resolve("kafka")).port(Integer.parseInt(args[1]))
                .closeOnExit(false).build().start();
        EmbeddedMongo mongo = EmbeddedMongo.builder().h2File(dir.resolve("mongo.mv")).port(Integer.parseInt(args[2]))
                .closeOnExit(false).build().start();
        FaasClient faas = FaasClients.create(FaasSettings.builder()
                .kafkaBootstrapServers(kafka.bootstrapServers())
                .mongoUri(mongo.connectionString())
                .validation(false)
                .dispatcher(DispatcherSettings.builder().groupId("crash-dispatcher").build())
                .build());
        if (faas.topics().get(TOPIC).isEmpty()) {
            faas.topics().create(Topic.of(TOPIC, PARTITIONS));
        }
        faas.functions().register(FunctionSpec.java(FUNCTION, TOPIC), (event, context) ->
                ((Map<?, ?>) event).get("n"));
        faas.dispatcher().start();
        System.out.println("ready startMillis=" + Duration.ofNanos(System.nanoTime() - start).toMillis());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
