package io.faas.validation.internal;

import io.faas.core.ValidationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds the validator to pyflakes 2.5.0 on CPython 3.11: for every {@code pyflakes-corpus/NAME.py}
 * our output, rendered as pyflakes prints it, must equal {@code NAME.expected}, which
 * {@code regenerate.sh} made with the real pyflakes.
 */
class GraalPyValidatorCorpusTest {

    static Path corpus() throws URISyntaxException {
        return Path.of(GraalPyValidatorCorpusTest.class.getResource("/pyflakes-corpus/regenerate.sh").toURI())
                .getParent();
    }

    static Stream<String> sources() throws Exception {
        try (Stream<Path> files = Files.list(corpus())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".py")).sorted().toList().stream();
        }
    }

    @Test
    void corpusIsLargeAndEverySourceHasAFixture() throws Exception {
        List<String> names = sources().toList();
        assertThat(names).hasSizeGreaterThanOrEqualTo(80);
        for (String name : names) {
            assertThat(corpus().resolve(name.replace(".py", ".expected")))
                    .as("fixture for %s (run regenerate.sh)", name).exists();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void matchesPyflakes(String name) throws IOException, URISyntaxException {
        Path source = corpus().resolve(name);
        Path fixture = corpus().resolve(name.replace(".py", ".expected"));
        assertThat(fixture).as("fixture for %s (run regenerate.sh)", name).exists();
        String code = new String(Files.readAllBytes(source), StandardCharsets.UTF_8);

        ValidationReport report = SharedValidator.get().check(name, code);

        List<String> actual = new ArrayList<>(report.pyflakesStdout("{path}"));
        actual.addAll(report.pyflakesStderr("{path}"));
        List<String> expected = Files.readAllLines(fixture, StandardCharsets.UTF_8);
        assertThat(String.join("\n", actual)).isEqualTo(String.join("\n", expected));
    }
}
