package io.faas.testkit;

import io.faas.api.CodeValidator;
import io.faas.api.Diagnostic;
import io.faas.api.DuplicateFunctionException;
import io.faas.api.DuplicateTopicException;
import io.faas.api.FunctionHandler;
import io.faas.api.FunctionNotFoundException;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.InvalidFunctionException;
import io.faas.api.Topic;
import io.faas.api.TopicInUseException;
import io.faas.api.TopicNotFoundException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryRegistriesTest {
    private static final String SOURCE = "def handler(event, context):\n    return event\n";
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private final InMemoryTopicRegistry topics = InMemoryTopicRegistry.withTopics("orders", "payments");
    private final InMemoryFunctionRegistry functions =
            new InMemoryFunctionRegistry(topics, null, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void topicsAreCreatedListedAndDeleted() {
        Topic audit = topics.create(new Topic("audit", 3, io.faas.api.Ordering.KEY));

        assertThat(audit.partitions()).isEqualTo(3);
        assertThat(topics.list()).extracting(Topic::name).containsExactly("audit", "orders", "payments");
        assertThat(topics.get("audit")).contains(audit);

        topics.delete("audit");
        assertThat(topics.get("audit")).isEmpty();
    }

    @Test
    void secretsAreKeptPerFunctionAndShownByNameOnly() {
        FunctionSpec spec = FunctionSpec.builder("env").topics("orders").environment("MODE", "fast").build();
        FunctionVersion v1 = functions.register(spec, SOURCE, io.faas.api.Secrets.none().set("TOKEN", "s3cr3t"));
        FunctionVersion v2 = functions.update(spec, SOURCE);
        FunctionVersion v3 = functions.update(spec, SOURCE, io.faas.api.Secrets.none().remove("TOKEN").set("B", "b"));

        assertThat(v1.spec().secretNames()).containsExactly("TOKEN");
        assertThat(v1.toString()).doesNotContain("s3cr3t");
        assertThat(v2.spec().secretNames()).containsExactly("TOKEN");
        assertThat(v2.spec().environment()).containsEntry("MODE", "fast");
        assertThat(v3.spec().secretNames()).containsExactly("B");
        assertThat(functions.secretValues("env")).containsExactly(java.util.Map.entry("B", "b"));
        assertThatThrownBy(() -> functions.update(spec.toBuilder().environment("B", "x").build(), SOURCE))
                .isInstanceOf(InvalidFunctionException.class).hasMessageContaining("both as an environment variable");
        assertThat(functions.versions("env")).hasSize(3);

        FunctionHandler handler = (event, context) -> event;
        FunctionVersion java = functions.register(FunctionSpec.java("j", "orders"), handler,
                io.faas.api.Secrets.none().set("K", "v"));
        assertThat(functions.register(FunctionSpec.java("j", "orders"), handler).version()).isEqualTo(java.version());
        assertThat(functions.register(FunctionSpec.java("j", "orders"), handler, io.faas.api.Secrets.none().set("K", "w"))
                .version()).isEqualTo(java.version() + 1);
        functions.delete("env");
        assertThat(functions.secretValues("env")).isEmpty();
    }

    @Test
    void topicErrorsFollowTheContract() {
        assertThatThrownBy(() -> topics.create(Topic.of("orders"))).isInstanceOf(DuplicateTopicException.class);
        assertThatThrownBy(() -> topics.delete("nope")).isInstanceOfSatisfying(TopicNotFoundException.class,
                e -> assertThat(e.topic()).isEqualTo("nope"));
    }

    @Test
    void aTopicInUseCannotBeDeletedUntilItsFunctionsAreGone() {
        functions.register(FunctionSpec.python("b-fn", "orders"), SOURCE);
        functions.register(FunctionSpec.java("a-fn", "orders", "payments"), (event, context) -> event);

        assertThatThrownBy(() -> topics.delete("orders")).isInstanceOfSatisfying(TopicInUseException.class,
                e -> assertThat(e.functions()).containsExactly("a-fn", "b-fn"));

        functions.delete("a-fn");
        functions.update(FunctionSpec.python("b-fn", "payments"), SOURCE);
        topics.delete("orders");
        assertThat(topics.get("orders")).isEmpty();
    }

    @Test
    void registersAPythonFunctionAsVersionOneWithASourceHash() throws Exception {
        FunctionVersion v1 = functions.register(FunctionSpec.python("enrich", "orders"), SOURCE);

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.source()).isEqualTo(SOURCE);
        assertThat(v1.createdAt()).isEqualTo(NOW);
        assertThat(v1.sourceHash()).isEqualTo(sha256("python", "handler", SOURCE));
        assertThat(functions.get("enrich")).contains(v1);
        assertThat(functions.functionsFor("orders")).containsExactly(v1);
        assertThat(functions.functionsFor("payments")).isEmpty();
    }

    @Test
    void updatesAddVersionsAndKeepTheOldOnes() {
        functions.register(FunctionSpec.python("enrich", "orders"), SOURCE);
        String changed = SOURCE.replace("return event", "return {'x': 1}");
        FunctionVersion v2 = functions.update(FunctionSpec.python("enrich", "orders", "payments"), changed);

        assertThat(v2.version()).isEqualTo(2);
        assertThat(functions.get("enrich")).contains(v2);
        assertThat(functions.get("enrich", 1)).get().extracting(FunctionVersion::source).isEqualTo(SOURCE);
        assertThat(functions.get("enrich", 3)).isEmpty();
        assertThat(functions.versions("enrich")).extracting(FunctionVersion::version).containsExactly(1, 2);
        assertThat(functions.versions("enrich").get(0).sourceHash()).isNotEqualTo(v2.sourceHash());
        assertThat(functions.functionsFor("payments")).containsExactly(v2);
    }

    @Test
    void functionErrorsFollowTheContract() {
        functions.register(FunctionSpec.python("enrich", "orders"), SOURCE);

        assertThatThrownBy(() -> functions.register(FunctionSpec.python("enrich", "orders"), SOURCE))
                .isInstanceOf(DuplicateFunctionException.class);
        assertThatThrownBy(() -> functions.register(FunctionSpec.python("other", "nope"), SOURCE))
                .isInstanceOfSatisfying(TopicNotFoundException.class, e -> assertThat(e.topic()).isEqualTo("nope"));
        assertThatThrownBy(() -> functions.update(FunctionSpec.python("missing", "orders"), SOURCE))
                .isInstanceOf(FunctionNotFoundException.class);
        assertThatThrownBy(() -> functions.delete("missing")).isInstanceOf(FunctionNotFoundException.class);
        assertThatThrownBy(() -> functions.versions("missing")).isInstanceOf(FunctionNotFoundException.class);
        assertThatThrownBy(() -> functions.register(FunctionSpec.java("j", "orders"), SOURCE))
                .isInstanceOf(InvalidFunctionException.class);
        assertThatThrownBy(() -> functions.register(FunctionSpec.python("p", "orders"), (e, c) -> e))
                .isInstanceOf(InvalidFunctionException.class);
        assertThatThrownBy(() -> functions.register(FunctionSpec.python("empty", "orders"), " "))
                .isInstanceOf(InvalidFunctionException.class);
        assertThat(functions.list()).extracting(FunctionVersion::name).containsExactly("enrich");
    }

    @Test
    void aValidatorRefusesCodeWithErrors() {
        CodeValidator validator = (file, source) -> source.contains("undefined")
                ? List.of(Diagnostic.error(2, 12, "undefined name 'undefined'"))
                : List.of(Diagnostic.warning(1, 1, "fine"));
        InMemoryFunctionRegistry checked = new InMemoryFunctionRegistry(topics, validator, Clock.systemUTC());

        assertThat(checked.register(FunctionSpec.python("ok", "orders"), SOURCE).version()).isEqualTo(1);
        assertThatThrownBy(() -> checked.register(FunctionSpec.python("bad", "orders"),
                "def handler(event, context):\n    return undefined\n"))
                .isInstanceOfSatisfying(InvalidFunctionException.class,
                        e -> assertThat(e.diagnostics()).extracting(Diagnostic::line).containsExactly(2));
        assertThat(checked.get("bad")).isEmpty();
    }

    @Test
    void javaFunctionsBindTheirHandlerAndReRegisteringIsIdempotent() throws Exception {
        FunctionHandler handler = (event, context) -> "handled " + event;
        FunctionVersion v1 = functions.register(FunctionSpec.java("java-fn", "orders"), handler);
        FunctionVersion again = functions.register(FunctionSpec.java("java-fn", "orders"), handler);
        FunctionVersion v2 = functions.register(FunctionSpec.java("java-fn", "orders", "payments"), handler);

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.source()).isNull();
        assertThat(again).isEqualTo(v1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(functions.handler("java-fn")).get().isSameAs(handler);
        assertThat(functions.handler("java-fn").get().handle("x", null)).isEqualTo("handled x");
    }

    @Test
    void aJavaNameTakenByPythonOrAnotherHandlerIsRefused() {
        functions.register(FunctionSpec.python("py", "orders"), SOURCE);
        functions.register(FunctionSpec.java("java-fn", "orders"), (event, context) -> 1);

        assertThatThrownBy(() -> functions.register(FunctionSpec.java("py", "orders"), (event, context) -> 1))
                .isInstanceOf(DuplicateFunctionException.class).hasMessageContaining("Python");
        assertThatThrownBy(() -> functions.register(FunctionSpec.java("java-fn", "orders"), (event, context) -> 2))
                .isInstanceOf(DuplicateFunctionException.class).hasMessageContaining("another handler");
        assertThatThrownBy(() -> functions.update(FunctionSpec.python("java-fn", "orders"), SOURCE))
                .isInstanceOf(InvalidFunctionException.class);
    }

    @Test
    void updatingAJavaFunctionRebindsItsHandler() {
        functions.register(FunctionSpec.java("java-fn", "orders"), (event, context) -> 1);
        FunctionHandler replacement = (event, context) -> 2;

        FunctionVersion v2 = functions.update(FunctionSpec.java("java-fn", "orders"), replacement);

        assertThat(v2.version()).isEqualTo(2);
        assertThat(functions.handler("java-fn")).get().isSameAs(replacement);
        functions.delete("java-fn");
        assertThat(functions.handler("java-fn")).isEmpty();
        assertThat(functions.get("java-fn")).isEmpty();
    }

    @Test
    void concurrentRegistrationsOfOneNameLetExactlyOneWin() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<FunctionVersion>> tasks = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                tasks.add(() -> functions.register(FunctionSpec.python("race", "orders"), SOURCE));
            }
            int won = 0;
            int refused = 0;
            for (Future<FunctionVersion> result : pool.invokeAll(tasks)) {
                try {
                    result.get();
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(DuplicateFunctionException.class);
                    refused++;
                }
            }
            assertThat(won).isEqualTo(1);
            assertThat(refused).isEqualTo(31);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static String sha256(String... parts) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (String part : parts) {
            digest.update(part.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
