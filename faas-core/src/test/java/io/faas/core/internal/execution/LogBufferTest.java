package io.faas.core.internal.execution;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LogBufferTest {

    @Test
    void keepsEverythingUnderTheCap() {
        LogBuffer logs = new LogBuffer(10);
        logs.append("hello");
        logs.append("world");
        assertThat(logs.text()).isEqualTo("helloworld");
        assertThat(logs.truncated()).isFalse();
    }

    @Test
    void cutsAtTheCapOnACodePointBoundaryAndSaysSo() {
        LogBuffer logs = new LogBuffer(7);
        logs.append("abcdé€"); // 4 + 2 + 3 bytes
        assertThat(logs.text()).isEqualTo("abcdé");
        assertThat(logs.text().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(7);
        assertThat(logs.truncated()).isTrue();
        logs.append("x");
        assertThat(logs.text()).isEqualTo("abcdé");
    }
}
