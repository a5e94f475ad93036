package io.faas.examples.embedded;

import io.faas.api.FunctionSpec;
import io.faas.api.Invocation;
import io.faas.api.InvocationQuery;
import io.faas.api.Topic;
import io.faas.core.FaasClient;
import io.faas.core.FaasClients;
import io.faas.core.FaasSettings;
import io.faas.testkit.EmbeddedKafka;
import io.faas.testkit.EmbeddedMongo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * faas embedded in a plain Java program: a Python and a Java function on one topic, three events,
 * every result read back from the ledger. Kafka and MongoDB run in-process here; a real app
 * passes its own servers to {@link FaasSettings}.
 *
 * <pre>./mvnw -q -pl faas-examples/faas-embedded-example -am compile exec:java</pre>
 */
public final class EmbeddedExample {

    static final String ADD = """
            def handler(event, context):
                print("adding", event["a"], "and", event["b"])
                return event["a"] + event["b"]
            """;

    private EmbeddedExample() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    static void run(PrintStream out) {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start();
             EmbeddedMongo mongo = EmbeddedMongo.builder().build().start();
             FaasClient faas = FaasClients.create(FaasSettings.builder()
                     .kafkaBootstrapServers(kafka.bootstrapServers())
                     .mongoUri(mongo.connectionString())
                     .build())) {

            faas.topics().create(Topic.of("maths", 3));
            faas.functions().register(FunctionSpec.python("add", "maths"), ADD);
            faas.functions().register(FunctionSpec.java("describe", "maths"), (event, context) -> {
                Map<?, ?> m = (Map<?, ?>) event;
                return m.get("a") + " and " + m.get("b") + " arrived on " + context.topic() + "-"
                        + context.partition() + "@" + context.offset();
            });
            faas.dispatcher().start();

            for (String payload : List.of("{\"a\": 1, \"b\": 2}", "{\"a\": 3, \"b\": 4}", "{\"a\": \"x\", \"b\": 5}")) {
                out.println("publish " + payload);
                for (Invocation i : faas.publisher().publishAndAwait("maths", payload, Duration.ofSeconds(30))) {
                    out.println("  " + i.function() + " v" + i.version() + " " + i.status() + " "
                            + (i.result() != null ? i.result() : i.error().type() + ": " + i.error().message())
                            + (i.logs().isEmpty() ? "" : "  logs: " + i.logs().strip()));
                }
            }
            long stored = faas.invocations().query(InvocationQuery.builder().limit(100).build()).items().size();
            out.println("ledger holds " + stored + " invocations");
        }
    }
}
