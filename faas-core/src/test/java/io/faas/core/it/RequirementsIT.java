package io.faas.core.it;

import io.faas.api.Faas;
import io.faas.api.FunctionPackage;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.InvalidFunctionException;
import io.faas.api.Invocation;
import io.faas.api.InvocationQuery;
import io.faas.api.InvocationStatus;
import io.faas.api.Secrets;
import io.faas.api.Topic;
import io.faas.core.PythonSettings;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A package's requirements.txt, resolved with pip against a wheelhouse at deploy time, on sys.path when it runs. */
@FaasTest
class RequirementsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Faas faas;
    private static Path wheelhouse;

    @BeforeAll
    static void start(FaasTestServers servers) throws Exception {
        wheelhouse = Files.createTempDirectory("faas-wheelhouse");
        Wheels.build(wheelhouse, "shoutlib", "1.0", Map.of("shout.py", "def shout(s):\n    return s.upper() + '!'\n"),
                List.of());
        Wheels.build(wheelhouse, "greetlib", "2.0", Map.of("greet.py",
                "from shout import shout\ndef greet(name):\n    return shout('hello ' + name)\n"),
                List.of("shoutlib==1.0"));
        faas = TestFaas.create(TestFaas.settings(servers)
                .python(PythonSettings.builder().wheelhouse(wheelhouse).build()).build());
        faas.dispatcher().start();
    }

    @AfterAll
    static void stop() {
        faas.close();
    }

    private static Invocation awaitOne(String function) {
        await().atMost(WAIT).until(() -> faas.invocations().query(InvocationQuery.builder().function(function)
                .build()).items().stream().anyMatch(i -> i.status().isFinal()));
        return faas.invocations().query(InvocationQuery.builder().function(function).build()).items().get(0);
    }

    private static FunctionPackage app(String requirements) {
        return PackagesIT.zip(PackagesIT.files("app.py", """
                import greet, shout
                def handler(event, context):
                    return {"text": greet.greet(event["name"]), "from": shout.__file__}
                """, "requirements.txt", requirements));
    }

    @Test
    void requirementsAreResolvedWithTheirDependenciesIntoALayerOnSysPath() {
        faas.topics().create(Topic.of("req-in"));
        FunctionVersion fv = faas.functions().register(FunctionSpec.builder("req-greeter").topics("req-in")
                .handler("app.handler").maxAttempts(1).build(), app("# greeting\ngreetlib==2.0\n"), Secrets.none());
        assertThat(fv.isPackage()).isTrue();
        faas.publisher().publish("req-in", null, "{\"name\": \"ada\"}");
        Invocation done = awaitOne("req-greeter");
        assertThat(done.status()).as("%s", done.error()).isEqualTo(InvocationStatus.SUCCEEDED);
        // the layer is the second package directory, after the package itself on sys.path (sandboxed paths)
        assertThat(done.result()).isEqualTo("{\"text\":\"HELLO ADA!\",\"from\":\"/faas/package/1/shout.py\"}");
    }

    @Test
    void aRequirementThatCannotBeResolvedRefusesTheDeployWithPipsReason() {
        faas.topics().create(Topic.of("req-bad"));
        FunctionSpec spec = FunctionSpec.builder("req-bad").topics("req-bad").handler("app.handler").build();
        assertThatThrownBy(() -> faas.functions().register(spec, app("greetlib==9.9\n"), Secrets.none()))
                .isInstanceOf(InvalidFunctionException.class)
                .hasMessageContaining("pip cannot install the requirements")
                .hasMessageContaining("No matching distribution found for greetlib==9.9")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(System.getProperty("java.io.tmpdir") + "/"));
        assertThatThrownBy(() -> faas.functions().register(spec, app("--index-url http://example.com/simple\n"),
                Secrets.none())).isInstanceOf(InvalidFunctionException.class)
                .hasMessageContaining("line 1 is an option");
        assertThatThrownBy(() -> faas.functions().register(spec, app("evil @ file:///etc/passwd\n"), Secrets.none()))
                .isInstanceOf(InvalidFunctionException.class).hasMessageContaining("no URLs or paths");
        assertThat(faas.functions().get("req-bad")).isEmpty();
    }
}
