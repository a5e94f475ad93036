package io.faas.validation.internal;

import io.faas.core.ValidationReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins where we knowingly differ from pyflakes (see {@code pyflakes-known-differences/README.md}):
 * our output must stay {@code NAME.actual}; once it equals pyflakes' {@code NAME.expected}, move the
 * file to the corpus.
 */
class ValidatorKnownDifferencesTest {

    static Path dir() throws URISyntaxException {
        return Path.of(ValidatorKnownDifferencesTest.class.getResource("/pyflakes-known-differences/README.md").toURI())
                .getParent();
    }

    static Stream<String> sources() throws Exception {
        try (Stream<Path> files = Files.list(dir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".py")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void outputIsStillTheDocumentedOne(String name) throws Exception {
        String code = Files.readString(dir().resolve(name), StandardCharsets.UTF_8);
        ValidationReport report = SharedValidator.get().check(name, code);
        List<String> actual = new ArrayList<>(report.pyflakesStdout("{path}"));
        actual.addAll(report.pyflakesStderr("{path}"));
        String ours = String.join("\n", actual);
        String pinned = String.join("\n", Files.readAllLines(dir().resolve(name.replace(".py", ".actual"))));
        String pyflakes = String.join("\n", Files.readAllLines(dir().resolve(name.replace(".py", ".expected"))));
        assertThat(ours).as("%s now matches pyflakes: move it to pyflakes-corpus", name).isNotEqualTo(pyflakes);
        assertThat(ours).isEqualTo(pinned);
    }
}
