package io.faas.core.it;

import io.faas.api.Faas;
import io.faas.api.FunctionHandler;
import io.faas.api.FunctionSpec;
import io.faas.api.Invocation;
import io.faas.api.InvocationStatus;
import io.faas.api.Secrets;
import io.faas.api.Topic;
import io.faas.core.FaasSettings;
import io.faas.core.PythonSettings;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Environment and secrets reach running functions, and secrets are redacted from what is recorded. */
@FaasTest
class SecretsDispatchIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SECRET = "s3cr3t-\"Value\"-7f2e";

    @TempDir
    static Path dir;
    private static FaasTestServers servers;
    private static FaasSettings settings;
    private static Faas faas;

    @BeforeAll
    static void start(FaasTestServers s) {
        servers = s;
        settings = TestFaas.settings(s).validation(false).secretsKeyFile(dir.resolve("secrets.key"))
                .python(PythonSettings.builder().poolSize(1).build()).build();
        faas = TestFaas.create(settings);
        faas.dispatcher().start();
    }

    @AfterAll
    static void stop() {
        faas.close();
    }

    @Test
    void aPythonFunctionSeesItsEnvironmentAndSecretsInOsEnviron() {
        faas.topics().create(Topic.of("sec-py"));
        for (String executor : List.of("local", "process")) {
            String name = "sec-py-" + executor;
            faas.functions().register(FunctionSpec.builder(name).topics("sec-py").executor(executor)
                            .environment("MODE", "fast").build(),
                    "import os\n"
                            + "def handler(event, context):\n"
                            + "    return {'mode': os.environ['MODE'], 'ok': os.environ['TOKEN'] == event['expect']}\n",
                    Secrets.none().set("TOKEN", SECRET));
        }

        List<Invocation> done = faas.publisher().publishAndAwait("sec-py",
                "{\"expect\": " + io.faas.core.internal.json.Json.mapper().writeValueAsString(SECRET) + "}", WAIT);

        assertThat(done).hasSize(2).allSatisfy(i -> {
            assertThat(i.status()).as("%s", i.error()).isEqualTo(InvocationStatus.SUCCEEDED);
            assertThat(i.result()).isEqualTo("{\"mode\":\"fast\",\"ok\":true}");
        });
    }

    @Test
    void aJavaFunctionSeesBothThroughItsContext() {
        faas.topics().create(Topic.of("sec-java"));
        FunctionHandler handler = (event, context) -> new java.util.TreeMap<>(java.util.Map.of(
                "mode", context.getenv("MODE"), "ok", SECRET.equals(context.environment().get("TOKEN")),
                "host", context.getenv("PATH") != null));
        faas.functions().register(FunctionSpec.builder("sec-java").runtime(io.faas.api.FunctionRuntime.JAVA)
                .topics("sec-java").environment("MODE", "fast").build(), handler, Secrets.none().set("TOKEN", SECRET));

        Invocation i = faas.publisher().publishAndAwait("sec-java", "{}", WAIT).get(0);

        assertThat(i.status()).as("%s", i.error()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(i.result()).isEqualTo("{\"host\":false,\"mode\":\"fast\",\"ok\":true}");
    }

    @Test
    void aSecretThatIsReturnedPrintedOrRaisedIsRedactedInTheLedgerAndTheDeadLetter() {
        faas.topics().create(Topic.of("sec-leak"));
        faas.functions().register(FunctionSpec.builder("sec-leak").topics("sec-leak").maxAttempts(1).build(),
                "import os, json\n"
                        + "def handler(event, context):\n"
                        + "    token = os.environ['TOKEN']\n"
                        + "    print('token is', token)\n"
                        + "    print(json.dumps({'token': token}))\n"
                        + "    if event == 'raise':\n"
                        + "        raise ValueError('bad token ' + token)\n"
                        + "    return {'token': token, 'n': len(token)}\n",
                Secrets.none().set("TOKEN", SECRET));

        Invocation returned = faas.publisher().publishAndAwait("sec-leak", "\"return\"", WAIT).get(0);
        Invocation raised = faas.publisher().publishAndAwait("sec-leak", "\"raise\"", WAIT).get(0);

        assertThat(returned.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(returned.result()).isEqualTo("{\"token\":\"***\",\"n\":" + SECRET.length() + "}");
        assertThat(returned.logs()).isEqualTo("token is ***\n{\"token\": \"***\"}\n");
        assertThat(raised.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(raised.error().message()).isEqualTo("bad token ***");
        assertThat(raised.error().traceback()).contains("ValueError: bad token ***").doesNotContain(SECRET);
        assertThat(raised.logs()).doesNotContain(SECRET);
        for (Invocation stored : List.of(faas.invocations().find(returned.id()).orElseThrow(),
                faas.invocations().find(raised.id()).orElseThrow())) {
            assertThat(stored.toString()).doesNotContain(SECRET).doesNotContain("s3cr3t");
        }
        List<ConsumerRecord<String, String>> dead = TestFaas.readAll(servers, settings.dispatcher().deadLetterTopic(),
                1, WAIT);
        assertThat(dead).isNotEmpty().allSatisfy(record -> {
            assertThat(record.value()).doesNotContain("s3cr3t");
            for (Header header : record.headers()) {
                assertThat(new String(header.value(), StandardCharsets.UTF_8)).doesNotContain("s3cr3t");
            }
        });
    }

    @Test
    void aSecretSealedWithAnotherKeyFailsTheInvocationWithAClearMessage() {
        faas.topics().create(Topic.of("sec-key"));
        byte[] otherKey = new byte[32];
        Arrays.fill(otherKey, (byte) 9);
        try (Faas other = TestFaas.create(FaasSettings.builder(settings)
                .secretsKey(Base64.getEncoder().encodeToString(otherKey)).build())) {
            other.functions().register(FunctionSpec.builder("sec-key").topics("sec-key").maxAttempts(1).build(),
                    "def handler(event, context):\n    return 1\n", Secrets.none().set("TOKEN", SECRET));
        }

        // registered through another client: this one runs it once the change signal reached it
        Invocation i = await().atMost(WAIT).until(() -> faas.publisher().publishAndAwait("sec-key", "{}", WAIT),
                records -> !records.isEmpty()).get(0);

        assertThat(i.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(i.error().type()).isEqualTo("SecretsUnavailable");
        assertThat(i.error().message()).isEqualTo("secret TOKEN of function 'sec-key' cannot be decrypted: it was"
                + " stored with another secrets key (set the key it was written with, or set the secret again)");
    }
}
