package io.faas.validation.internal;

import io.faas.api.Diagnostic;
import io.faas.core.PythonValidator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ValidatorConcurrencyTest {

    @Test
    void parallelValidationsGiveTheSameAnswersAsSequentialOnes() throws Exception {
        PythonValidator validator = SharedValidator.get();
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sources.add("import os\nimport m" + i + "\n\ndef handler(event, context):\n    return undefined_" + i
                    + " + os.sep\n" + (i % 3 == 0 ? "print \"x\"\n" : ""));
        }
        List<List<Diagnostic>> expected = new ArrayList<>();
        for (String s : sources) {
            expected.add(validator.validate("f.py", s));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (int i = 0; i < sources.size(); i++) {
                    int k = i;
                    futures.add(pool.submit(() -> validator.validate("f.py", sources.get(k)).equals(expected.get(k))));
                }
            }
            for (Future<Boolean> f : futures) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(expected.get(1)).extracting(Diagnostic::message)
                .containsExactly("'m1' imported but unused", "undefined name 'undefined_1'");
        assertThat(expected.get(0)).extracting(Diagnostic::message)
                .containsExactly("Missing parentheses in call to 'print'. Did you mean print(...)?");
    }
}
