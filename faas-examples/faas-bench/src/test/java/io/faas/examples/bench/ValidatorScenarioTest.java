package io.faas.examples.bench;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ValidatorScenarioTest {

    /**
     * The file the validator rows time is the corpus file whose findings faas-validation's corpus test
     * holds equal to pyflakes' own: a change to one without the other would time code that no
     * test checks.
     */
    @Test
    void theTimedFileIsTheCorpusFileOfTwoHundredLines() throws Exception {
        Path corpus = Path.of("..", "..", "faas-validation", "src", "test", "resources", "pyflakes-corpus",
                "bench_handler_200.py");

        String timed = ValidatorScenario.load();

        assertThat(timed).isEqualTo(Files.readString(corpus, StandardCharsets.UTF_8));
        assertThat(timed.lines()).hasSize(200);
    }
}
