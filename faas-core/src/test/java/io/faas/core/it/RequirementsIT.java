package io.faas.core.it;

import io.faas.api.Faas;
import io.faas.api.FunctionPackage;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.InvalidFunctionException;
import io.faas.api.Invocation;
import io.faas.api.InvocationQuery;
import io.faas.api.InvocationStatus;
import io.faas.api.Layer;
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

/**
 * A package's requirements.txt and shared layers, resolved with pip against a wheelhouse at deploy
 * time, on sys.path when the function runs.
 */
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
    void aSharedLayerIsPinnedWhenAVersionIsStoredAndSharedByFunctions() throws Exception {
        faas.topics().create(Topic.of("layer-in"));
        Layer v1 = faas.layers().putRequirements("greeting", "greetlib==2.0\n");
        assertThat(v1.sources()).containsExactly("greetlib==2.0");
        String source = "import greet\ndef handler(event, context):\n    return greet.greet(event['name'])\n";
        FunctionVersion single = faas.functions().register(FunctionSpec.builder("layer-single").topics("layer-in")
                .layers(List.of("greeting")).maxAttempts(1).build(), source);
        assertThat(single.spec().layers()).containsExactly("greeting@" + v1.digest());
        faas.functions().register(FunctionSpec.builder("layer-pkg").topics("layer-in").handler("main.handler")
                .layers(List.of("greeting")).maxAttempts(1).build(),
                PackagesIT.zip(PackagesIT.files("main.py", source)), Secrets.none());
        faas.publisher().publish("layer-in", null, "{\"name\": \"bo\"}");
        for (String function : List.of("layer-single", "layer-pkg")) {
            Invocation done = awaitOne(function);
            assertThat(done.status()).as("%s %s", function, done.error()).isEqualTo(InvocationStatus.SUCCEEDED);
            assertThat(done.result()).isEqualTo("\"HELLO BO!\"");
        }

        // a new content of the layer, from a wheel file: stored versions keep the old one
        Path other = Files.createTempDirectory("faas-wheels");
        Wheels.build(other, "greetlib", "3.0", Map.of("greet.py", "def greet(name):\n    return 'hi ' + name\n"),
                List.of());
        Path wheel;
        try (var files = Files.list(other)) {
            wheel = files.filter(p -> p.toString().endsWith(".whl")).findFirst().orElseThrow();
        }
        Layer v2 = faas.layers().putWheels("greeting", Map.of(wheel.getFileName().toString(), Files.readAllBytes(wheel)));
        assertThat(v2.digest()).isNotEqualTo(v1.digest());
        assertThat(faas.layers().list()).extracting(Layer::name).contains("greeting");
        assertThat(faas.functions().get("layer-single").orElseThrow().spec().layers())
                .containsExactly(v1.pinned());
        FunctionVersion moved = faas.functions().update(FunctionSpec.builder("layer-single").topics("layer-in")
                .layers(List.of("greeting")).maxAttempts(1).build(), source);
        assertThat(moved.spec().layers()).containsExactly(v2.pinned());
        assertThat(faas.layers().delete("greeting")).isTrue();
        assertThat(faas.layers().get("greeting")).isEmpty();
        // deleting the name leaves the content of stored versions
        faas.publisher().publish("layer-in", null, "{\"name\": \"cy\"}");
        await().atMost(WAIT).until(() -> faas.invocations().query(InvocationQuery.builder().function("layer-single")
                .build()).items().stream().anyMatch(i -> i.version() == 2 && i.status().isFinal()));
        assertThat(faas.invocations().query(InvocationQuery.builder().function("layer-single").build()).items()
                .stream().filter(i -> i.version() == 2).findFirst().orElseThrow().result()).isEqualTo("\"hi cy\"");
        assertThatThrownBy(() -> faas.functions().register(FunctionSpec.builder("layer-none").topics("layer-in")
                .layers(List.of("greeting")).build(), source)).isInstanceOf(InvalidFunctionException.class)
                .hasMessageContaining("there is no layer 'greeting'");
        assertThatThrownBy(() -> faas.layers().putWheels("bad", Map.of("evil.sh", new byte[] {1})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer 'bad' is refused: 'evil.sh' is not the file name of a wheel (name-version-tags.whl)");
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
