package io.faas.examples.embedded;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedExampleIT {

    @Test
    void printsEveryResultOfEveryEvent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EmbeddedExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(out).contains("  add v1 SUCCEEDED 3  logs: adding 1 and 2");
        assertThat(out).contains("  add v1 SUCCEEDED 7");
        assertThat(out).contains("  add v1 FAILED TypeError: can only concatenate str (not \"int\") to str");
        assertThat(out).containsPattern("describe v1 SUCCEEDED \"3 and 4 arrived on maths-\\d@\\d\"");
        assertThat(out).contains("ledger holds 6 invocations");
    }
}
