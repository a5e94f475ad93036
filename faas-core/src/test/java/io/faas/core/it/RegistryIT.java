package io.faas.core.it;

import io.faas.api.CodeValidator;
import io.faas.api.Diagnostic;
import io.faas.api.DuplicateFunctionException;
import io.faas.api.DuplicateTopicException;
import io.faas.api.Faas;
import io.faas.api.FunctionHandler;
import io.faas.api.FunctionNotFoundException;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.InvalidFunctionException;
import io.faas.api.Ordering;
import io.faas.api.PayloadTooLargeException;
import io.faas.api.Topic;
import io.faas.api.TopicInUseException;
import io.faas.api.TopicNotFoundException;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Registries on a real broker and MongoDB-wire server. */
@FaasTest
class RegistryIT {

    private static final String CODE = "def handler(event, context):\n    return event\n";

    /** Flags a line containing "undefined_thing" as an error and "import os" as a warning. */
    private static final CodeValidator VALIDATOR = new CodeValidator() {
        @Override
        public List<Diagnostic> validate(String fileName, String source) {
            List<String> lines = source.lines().toList();
            java.util.ArrayList<Diagnostic> out = new java.util.ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("undefined_thing")) {
                    out.add(Diagnostic.error(i + 1, lines.get(i).indexOf("undefined_thing") + 1,
                            "undefined name 'undefined_thing'"));
                }
                if (lines.get(i).startsWith("import os")) {
                    out.add(Diagnostic.warning(i + 1, 1, "'os' imported but unused"));
                }
            }
            return out;
        }
    };

    private static Faas faas;
    private static FaasTestServers servers;

    @BeforeAll
    static void start(FaasTestServers s) {
        servers = s;
        faas = TestFaas.create(TestFaas.settings(s).build(), VALIDATOR);
    }

    @AfterAll
    static void stop() {
        faas.close();
    }

    @Test
    void topicsAreCreatedListedAndDeleted() {
        Topic created = faas.topics().create(new Topic("reg-orders", 3, Ordering.PARTITION));
        assertThat(created).isEqualTo(new Topic("reg-orders", 3, Ordering.PARTITION));
        assertThat(faas.topics().get("reg-orders")).contains(created);
        assertThat(faas.topics().list()).contains(created);
        assertThatThrownBy(() -> faas.topics().create(Topic.of("reg-orders")))
                .isInstanceOf(DuplicateTopicException.class).hasMessage("topic 'reg-orders' already exists");

        faas.topics().delete("reg-orders");
        assertThat(faas.topics().get("reg-orders")).isEmpty();
        assertThatThrownBy(() -> faas.topics().delete("reg-orders")).isInstanceOf(TopicNotFoundException.class);
    }

    @Test
    void reservedTopicNamesAreRefused() {
        assertThatThrownBy(() -> faas.topics().create(Topic.of("__consumer_offsets")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    }

    @Test
    void aTopicInUseCannotBeDeleted() {
        faas.topics().create(Topic.of("reg-used"));
        faas.functions().register(FunctionSpec.python("reg-user", "reg-used"), CODE);
        assertThatThrownBy(() -> faas.topics().delete("reg-used"))
                .isInstanceOf(TopicInUseException.class)
                .satisfies(e -> assertThat(((TopicInUseException) e).functions()).containsExactly("reg-user"));
        faas.functions().delete("reg-user");
        faas.topics().delete("reg-used");
    }

    @Test
    void functionsAreVersionedOnUpdateAndKeepEveryVersion() {
        faas.topics().create(Topic.of("reg-a"));
        faas.topics().create(Topic.of("reg-b"));
        FunctionVersion v1 = faas.functions().register(FunctionSpec.python("reg-f", "reg-a"), CODE);
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.sourceHash()).hasSize(64);

        String code2 = "def handler(event, context):\n    return 2\n";
        FunctionVersion v2 = faas.functions().update(FunctionSpec.python("reg-f", "reg-a", "reg-b"), code2);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.sourceHash()).isNotEqualTo(v1.sourceHash());

        assertThat(faas.functions().get("reg-f")).contains(v2);
        assertThat(faas.functions().get("reg-f", 1)).contains(v1);
        assertThat(faas.functions().versions("reg-f")).containsExactly(v1, v2);
        assertThat(faas.functions().functionsFor("reg-b")).containsExactly(v2);
        assertThat(faas.functions().list()).contains(v2);

        faas.functions().delete("reg-f");
        assertThat(faas.functions().get("reg-f")).isEmpty();
        assertThatThrownBy(() -> faas.functions().versions("reg-f")).isInstanceOf(FunctionNotFoundException.class);
        assertThatThrownBy(() -> faas.functions().delete("reg-f")).isInstanceOf(FunctionNotFoundException.class);

        FunctionVersion again = faas.functions().register(FunctionSpec.python("reg-f", "reg-a"), CODE);
        assertThat(again.version()).as("a deleted name starts over").isEqualTo(1);
        assertThat(faas.functions().versions("reg-f")).containsExactly(again);
    }

    @Test
    void duplicateAndMissingNamesGiveClearExceptions() {
        faas.topics().create(Topic.of("reg-dup"));
        faas.functions().register(FunctionSpec.python("reg-dup-f", "reg-dup"), CODE);
        assertThatThrownBy(() -> faas.functions().register(FunctionSpec.python("reg-dup-f", "reg-dup"), CODE))
                .isInstanceOf(DuplicateFunctionException.class).hasMessage("function 'reg-dup-f' already exists");
        assertThatThrownBy(() -> faas.functions().register(FunctionSpec.python("reg-nope", "reg-missing"), CODE))
                .isInstanceOf(TopicNotFoundException.class).hasMessage("topic 'reg-missing' does not exist");
        assertThatThrownBy(() -> faas.functions().update(FunctionSpec.python("reg-ghost", "reg-dup"), CODE))
                .isInstanceOf(FunctionNotFoundException.class).hasMessage("function 'reg-ghost' does not exist");
        assertThatThrownBy(() -> faas.functions().register(FunctionSpec.java("reg-dup-f", "reg-dup"), (e, c) -> e))
                .isInstanceOf(DuplicateFunctionException.class).hasMessageContaining("it is a Python function");
        assertThat(faas.functions().get("reg-nope")).isEmpty();
    }

    @Test
    void codeWithErrorsIsRefusedWithDiagnosticsAndNothingIsStored() {
        faas.topics().create(Topic.of("reg-bad"));
        String bad = "import os\ndef handler(event, context):\n    return undefined_thing\n";
        assertThatThrownBy(() -> faas.functions().register(FunctionSpec.python("reg-bad-f", "reg-bad"), bad))
                .isInstanceOfSatisfying(InvalidFunctionException.class, e -> {
                    assertThat(e.diagnostics()).containsExactly(Diagnostic.warning(1, 1, "'os' imported but unused"),
                            Diagnostic.error(3, 12, "undefined name 'undefined_thing'"));
                    assertThat(e.getMessage()).isEqualTo(
                            "function 'reg-bad-f' is invalid: 3:12: undefined name 'undefined_thing'");
                });
        assertThat(faas.functions().get("reg-bad-f")).isEmpty();

        FunctionVersion warned = faas.functions().register(FunctionSpec.python("reg-bad-f", "reg-bad"),
                "import os\n" + CODE);
        assertThat(warned.version()).as("warnings do not block").isEqualTo(1);
        assertThatThrownBy(() -> faas.functions().update(FunctionSpec.python("reg-bad-f", "reg-bad"), bad))
                .isInstanceOf(InvalidFunctionException.class);
        assertThat(faas.functions().get("reg-bad-f")).contains(warned);
    }

    @Test
    void warningsBlockWhenConfigured() {
        try (Faas strict = TestFaas.create(TestFaas.settings(servers).blockOnWarnings(true).build(), VALIDATOR)) {
            strict.topics().create(Topic.of("reg-strict"));
            assertThatThrownBy(() -> strict.functions().register(FunctionSpec.python("s", "reg-strict"),
                    "import os\n" + CODE)).isInstanceOf(InvalidFunctionException.class);
        }
    }

    @Test
    void oversizedOrEmptySourceIsRefused() {
        faas.topics().create(Topic.of("reg-size"));
        String huge = CODE + "#" + "x".repeat(1024 * 1024);
        assertThatThrownBy(() -> faas.functions().register(FunctionSpec.python("reg-huge", "reg-size"), huge))
                .isInstanceOf(PayloadTooLargeException.class);
        assertThatThrownBy(() -> faas.functions().register(FunctionSpec.python("reg-empty", "reg-size"), "  "))
                .isInstanceOf(InvalidFunctionException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> faas.functions().register(FunctionSpec.java("reg-j", "reg-size"), CODE))
                .isInstanceOf(InvalidFunctionException.class).hasMessageContaining("needs a FunctionHandler");
    }

    @Test
    void registeringTheSameJavaFunctionAgainIsIdempotentAndAChangedSpecIsANewVersion() {
        faas.topics().create(Topic.of("reg-java"));
        FunctionHandler handler = (e, c) -> e;
        FunctionVersion v1 = faas.functions().register(FunctionSpec.java("reg-jf", "reg-java"), handler);
        assertThat(faas.functions().register(FunctionSpec.java("reg-jf", "reg-java"), handler)).isEqualTo(v1);
        FunctionVersion v2 = faas.functions().register(FunctionSpec.java("reg-jf", "reg-java").toBuilder()
                .timeout(Duration.ofSeconds(5)).build(), handler);
        assertThat(v2.version()).isEqualTo(2);
        assertThatThrownBy(() -> faas.functions().register(FunctionSpec.java("reg-jf", "reg-java"), (e, c) -> "other"))
                .isInstanceOf(DuplicateFunctionException.class).hasMessageContaining("another handler");
    }
}
