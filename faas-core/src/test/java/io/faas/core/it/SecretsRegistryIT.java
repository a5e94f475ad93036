package io.faas.core.it;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.faas.api.Faas;
import io.faas.api.FunctionHandler;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.InvalidFunctionException;
import io.faas.api.Secrets;
import io.faas.core.FaasSettings;
import io.faas.core.internal.registry.MongoFunctionRegistry;
import io.faas.core.internal.secrets.SecretsUnavailableException;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Environment and secrets in the MongoDB registry: sealed at rest, write-only, kept per function. */
@FaasTest
class SecretsRegistryIT {

    private static final String CODE = "def handler(event, context):\n    return event\n";
    private static final String SECRET = "s3cr3t-Value-7f2e";

    @TempDir
    Path dir;
    private FaasTestServers servers;
    private FaasSettings settings;

    @BeforeEach
    void settings(FaasTestServers servers) {
        this.servers = servers;
        this.settings = TestFaas.settings(servers).validation(false).secretsKeyFile(dir.resolve("secrets.key")).build();
    }

    @Test
    void secretsAreSealedAtRestShownByNameAndKeptByUpdatesThatDoNotMentionThem() {
        try (Faas faas = TestFaas.create(settings)) {
            FunctionSpec spec = FunctionSpec.builder("sec-a").environment("MODE", "fast").build();
            FunctionVersion v1 = faas.functions().register(spec, CODE, Secrets.none().set("TOKEN", SECRET)
                    .set("OTHER", "hunter2-hunter2"));

            assertThat(v1.spec().environment()).containsExactly(Map.entry("MODE", "fast"));
            assertThat(v1.spec().secretNames()).containsExactly("OTHER", "TOKEN");
            assertThat(faas.functions().get("sec-a").orElseThrow().spec()).isEqualTo(v1.spec());
            assertThat(faas.functions().list().toString()).doesNotContain(SECRET).contains("TOKEN");
            assertThat(registry(faas).secretValues("sec-a"))
                    .containsExactly(Map.entry("OTHER", "hunter2-hunter2"), Map.entry("TOKEN", SECRET));
            List<byte[]> raws = rawDocuments();
            assertThat(raws).anyMatch(raw -> indexOf(raw, "fast".getBytes(StandardCharsets.UTF_8)) >= 0);
            for (byte[] raw : raws) {
                assertThat(indexOf(raw, SECRET.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
                assertThat(indexOf(raw, "hunter2".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
            }
            assertThat(permissions(dir.resolve("secrets.key"))).isEqualTo("rw-------");

            FunctionVersion v2 = faas.functions().update(spec.toBuilder().environment("MODE", "slow").build(), CODE);
            assertThat(v2.spec().secretNames()).containsExactly("OTHER", "TOKEN");
            assertThat(registry(faas).secretValues("sec-a")).containsEntry("TOKEN", SECRET);

            FunctionVersion v3 = faas.functions().update(FunctionSpec.builder("sec-a").build(), CODE,
                    Secrets.none().remove("OTHER").set("TOKEN", "replaced-value"));
            assertThat(v3.spec().secretNames()).containsExactly("TOKEN");
            assertThat(v3.spec().environment()).isEmpty();
            assertThat(registry(faas).secretValues("sec-a")).containsExactly(Map.entry("TOKEN", "replaced-value"));
            assertThat(faas.functions().get("sec-a", 1).orElseThrow().spec().secretNames())
                    .containsExactly("OTHER", "TOKEN"); // a version records the names of its time
        }
    }

    @Test
    void aSecretCannotShareItsNameWithAnEnvironmentVariable() {
        try (Faas faas = TestFaas.create(settings)) {
            assertThatThrownBy(() -> faas.functions().register(FunctionSpec.builder("sec-b").environment("K", "v")
                    .build(), CODE, Secrets.none().set("K", SECRET)))
                    .isInstanceOf(InvalidFunctionException.class)
                    .hasMessageContaining("both as an environment variable and as a secret")
                    .hasMessageNotContaining(SECRET);
            assertThat(faas.functions().get("sec-b")).isEmpty();
        }
    }

    @Test
    void secretsSurviveARestartWithTheKeyFileAndAWrongKeyFailsClearlyOnUseNotOnRead() {
        try (Faas faas = TestFaas.create(settings)) {
            faas.functions().register(FunctionSpec.python("sec-c"), CODE, Secrets.none().set("TOKEN", SECRET));
        }
        try (Faas again = TestFaas.create(settings)) {
            assertThat(registry(again).secretValues("sec-c")).containsExactly(Map.entry("TOKEN", SECRET));
        }
        byte[] otherKey = new byte[32];
        Arrays.fill(otherKey, (byte) 7);
        FaasSettings wrong = FaasSettings.builder(settings).secretsKey(Base64.getEncoder().encodeToString(otherKey))
                .build();
        try (Faas faas = TestFaas.create(wrong)) {
            assertThat(faas.functions().get("sec-c").orElseThrow().spec().secretNames()).containsExactly("TOKEN");
            assertThatThrownBy(() -> registry(faas).secretValues("sec-c"))
                    .isInstanceOf(SecretsUnavailableException.class)
                    .hasMessage("secret TOKEN of function 'sec-c' cannot be decrypted: it was stored with another"
                            + " secrets key (set the key it was written with, or set the secret again)");
        }
    }

    @Test
    void aJavaFunctionRegisteredAgainWithTheSameSecretsStoresNoNewVersion() {
        FunctionHandler handler = (event, context) -> "1";
        try (Faas faas = TestFaas.create(settings)) {
            FunctionSpec spec = FunctionSpec.java("sec-j");
            FunctionVersion first = faas.functions().register(spec, handler, Secrets.none().set("TOKEN", SECRET));
            assertThat(faas.functions().register(spec, handler, Secrets.none().set("TOKEN", SECRET)).version())
                    .isEqualTo(first.version());
            assertThat(faas.functions().register(spec, handler).version()).isEqualTo(first.version());
            FunctionVersion changed = faas.functions().register(spec, handler, Secrets.none().set("TOKEN", "other-v"));
            assertThat(changed.version()).isEqualTo(first.version() + 1);
            assertThat(registry(faas).secretValues("sec-j")).containsExactly(Map.entry("TOKEN", "other-v"));
        }
    }

    private static MongoFunctionRegistry registry(Faas faas) {
        return (MongoFunctionRegistry) faas.functions();
    }

    private List<byte[]> rawDocuments() {
        List<byte[]> out = new ArrayList<>();
        try (MongoClient client = MongoClients.create(servers.mongoUri())) {
            var db = client.getDatabase(settings.mongoDatabase());
            for (String collection : List.of("functions", "function_versions")) {
                for (RawBsonDocument d : db.getCollection(collection, RawBsonDocument.class).find()) {
                    out.add(Arrays.copyOf(d.getByteBuffer().array(), d.getByteBuffer().remaining()));
                }
            }
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(2);
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String permissions(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
