package io.faas.core.it;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.faas.api.Faas;
import io.faas.api.FunctionPackage;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.InvalidFunctionException;
import io.faas.api.Invocation;
import io.faas.api.InvocationQuery;
import io.faas.api.InvocationStatus;
import io.faas.api.PayloadTooLargeException;
import io.faas.api.Secrets;
import io.faas.api.Topic;
import io.faas.core.FaasSettings;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Functions that are zip packages: stored once, unpacked once, imported as modules, run in the sandbox. */
@FaasTest
class PackagesIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Faas faas;
    private static FaasSettings settings;
    private static MongoClient mongo;

    @BeforeAll
    static void start(FaasTestServers servers) {
        settings = TestFaas.settings(servers).maxPackageBytes(20L * 1024 * 1024).build();
        faas = TestFaas.create(settings);
        faas.dispatcher().start();
        mongo = MongoClients.create(servers.mongoUri());
    }

    @AfterAll
    static void stop() {
        faas.close();
        mongo.close();
    }

    static FunctionPackage zip(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return FunctionPackage.ofZip(out.toByteArray());
    }

    static Map<String, byte[]> files(String... pathsAndContents) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    private static List<Invocation> records(String function) {
        return faas.invocations().query(InvocationQuery.builder().function(function).limit(100).build()).items();
    }

    private static Invocation awaitOne(String function, int version) {
        await().atMost(WAIT).until(() -> records(function).stream()
                .anyMatch(i -> i.version() == version && i.status().isFinal()));
        return records(function).stream().filter(i -> i.version() == version).findFirst().orElseThrow();
    }

    private static final Map<String, byte[]> SHOP = files(
            "shop/__init__.py", "",
            "shop/orders.py", """
                    import os
                    from shop import pricing
                    import vendlib

                    def handle(event, context):
                        here = os.path.dirname(os.path.abspath(__file__))
                        with open(os.path.join(here, "rates.txt")) as f:
                            rate = int(f.read())
                        try:
                            open(os.path.join(here, "scribble.txt"), "w").write("x")
                            writable = True
                        except OSError:
                            writable = False
                        return {"total": pricing.total(event["items"]) * rate, "vendored": vendlib.NAME,
                                "writable": writable}
                    """,
            "shop/pricing.py", "def total(items):\n    return sum(items)\n",
            "shop/rates.txt", "3",
            "vendlib/__init__.py", "NAME = 'vendlib'\n",
            // vendored code is not validated: this one would not even compile
            "vendlib/broken.py", "def oops(:\n",
            "vendlib-1.0.dist-info/RECORD", "vendlib/__init__.py,,\nvendlib/broken.py,,\nvendlib-1.0.dist-info/RECORD,,\n");

    @Test
    void aPackageRunsItsHandlerModuleWithItsModulesDataAndVendoredCodeReadOnly() {
        faas.topics().create(Topic.of("pkg-orders"));
        FunctionSpec spec = FunctionSpec.builder("pkg-shop").topics("pkg-orders").handler("shop.orders.handle")
                .maxAttempts(1).build();
        FunctionVersion v1 = faas.functions().register(spec, zip(SHOP), Secrets.none());
        assertThat(v1.isPackage()).isTrue();
        assertThat(v1.source()).contains("def handle(event, context)");
        faas.publisher().publish("pkg-orders", null, "{\"items\": [1, 2, 4]}");
        Invocation first = awaitOne("pkg-shop", 1);
        assertThat(first.status()).as("%s", first.error()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(first.result()).isEqualTo("{\"total\":21,\"vendored\":\"vendlib\",\"writable\":false}");

        // the same files in a new version: one stored package, and it comes back as stored
        FunctionVersion v2 = faas.functions().update(spec.toBuilder().maxAttempts(2).build(), zip(SHOP),
                Secrets.none());
        assertThat(v2.packageDigest()).isEqualTo(v1.packageDigest());
        assertThat(mongo.getDatabase(settings.mongoDatabase()).getCollection("packages")
                .countDocuments(new Document("files", "shop/orders.py"))).isEqualTo(1);
        FunctionPackage stored = faas.functions().functionPackage("pkg-shop", 2).orElseThrow();
        assertThat(entries(stored)).containsExactlyElementsOf(new java.util.TreeSet<>(SHOP.keySet()));
        assertThat(faas.functions().functionPackage("pkg-shop", 9)).isEmpty();
    }

    @Test
    void aPackageAboveTheDocumentLimitIsStoredInGridFsAndRuns() {
        faas.topics().create(Topic.of("pkg-big"));
        byte[] noise = new byte[9 * 1024 * 1024];
        new Random(7).nextBytes(noise); // incompressible: the archive stays over 8 MiB
        Map<String, byte[]> files = files("main.py", """
                import os
                def handler(event, context):
                    return os.path.getsize(os.path.join(os.path.dirname(__file__), "noise.bin"))
                """);
        files.put("noise.bin", noise);
        FunctionVersion fv = faas.functions().register(FunctionSpec.builder("pkg-big").topics("pkg-big")
                .handler("main.handler").maxAttempts(1).build(), zip(files), Secrets.none());
        Document stored = mongo.getDatabase(settings.mongoDatabase()).getCollection("packages")
                .find(new Document("_id", fv.packageDigest())).first();
        assertThat(stored).isNotNull();
        assertThat(stored.containsKey("gridFsId")).isTrue();
        assertThat(stored.containsKey("zip")).isFalse();
        faas.publisher().publish("pkg-big", null, "{}");
        Invocation done = awaitOne("pkg-big", 1);
        assertThat(done.status()).as("%s", done.error()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(done.result()).isEqualTo(String.valueOf(noise.length));
    }

    @Test
    void badPackagesAreRefusedWithTheReasonAndNothingIsStored() {
        faas.topics().create(Topic.of("pkg-bad"));
        FunctionSpec spec = FunctionSpec.builder("pkg-bad").topics("pkg-bad").handler("app.handler").build();
        assertThatThrownBy(() -> faas.functions().register(spec, zip(files("other.py", "x = 1\n")), Secrets.none()))
                .isInstanceOf(InvalidFunctionException.class).hasMessageContaining("no module 'app'");
        assertThatThrownBy(() -> faas.functions().register(spec, zip(files("app.py", "def handler(e, c):\n    return 1\n",
                "../escape.py", "x = 1\n")), Secrets.none()))
                .isInstanceOf(InvalidFunctionException.class).hasMessageContaining("'../escape.py'");
        // every first-party module is validated, and the message names the file
        assertThatThrownBy(() -> faas.functions().register(spec, zip(files("app.py",
                "def handler(e, c):\n    return 1\n", "lib/helper.py", "def f(:\n")), Secrets.none()))
                .isInstanceOfSatisfying(InvalidFunctionException.class, e -> assertThat(e.diagnostics())
                        .anySatisfy(d -> assertThat(d.message()).startsWith("lib/helper.py: ")));
        assertThatThrownBy(() -> faas.functions().register(spec, zip(files("app.py", "def other(e, c):\n    return 1\n")),
                Secrets.none())).isInstanceOf(InvalidFunctionException.class).hasMessageContaining("handler");
        assertThatThrownBy(() -> faas.functions().register(spec.toBuilder().handler("handler").build(),
                zip(files("app.py", "def handler(e, c):\n    return 1\n")), Secrets.none()))
                .isInstanceOf(InvalidFunctionException.class).hasMessageContaining("module.function");
        assertThatThrownBy(() -> faas.functions().register(spec.toBuilder().executor("ssh:hosts").build(),
                zip(files("app.py", "def handler(e, c):\n    return 1\n")), Secrets.none()))
                .isInstanceOf(InvalidFunctionException.class).hasMessageContaining("cannot run a package");
        assertThatThrownBy(() -> faas.functions().register(spec, "def handler(e, c):\n    return 1\n"))
                .isInstanceOf(InvalidFunctionException.class).hasMessageContaining("only a package has");
        byte[] zeros = new byte[100 * 1024 * 1024];
        assertThatThrownBy(() -> faas.functions().register(spec, zip(Map.of("app.py",
                "def handler(e, c):\n    return 1\n".getBytes(StandardCharsets.UTF_8), "zeros.bin", zeros)), Secrets.none()))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("unpacked");
        assertThat(faas.functions().get("pkg-bad")).isEmpty();
        assertThat(mongo.getDatabase(settings.mongoDatabase()).getCollection("packages")
                .countDocuments(new Document("files", "zeros.bin"))).isZero();
    }

    @Test
    void aPackageRunsOnTheProcessExecutorToo() {
        faas.topics().create(Topic.of("pkg-proc"));
        faas.functions().register(FunctionSpec.builder("pkg-proc").topics("pkg-proc").handler("app.main.run")
                .executor("process").maxAttempts(1).build(), zip(files("app/__init__.py", "", "app/main.py",
                "from . import helper\ndef run(event, context):\n    return helper.twice(event['n'])\n",
                "app/helper.py", "def twice(n):\n    return 2 * n\n")), Secrets.none());
        faas.publisher().publish("pkg-proc", null, "{\"n\": 21}");
        Invocation done = awaitOne("pkg-proc", 1);
        assertThat(done.status()).as("%s", done.error()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(done.result()).isEqualTo("42");
    }

    private static List<String> entries(FunctionPackage p) {
        List<String> names = new java.util.ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(p.zip()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return names;
    }
}
