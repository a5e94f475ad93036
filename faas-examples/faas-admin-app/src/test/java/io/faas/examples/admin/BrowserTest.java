package io.faas.examples.admin;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without Chromium the browser tests fail and say what to install; they never skip. */
class BrowserTest {

    @Test
    void aMissingChromiumFailsWithWhatToInstall() {
        assertThatThrownBy(() -> Browser.start(Path.of("/nonexistent/chromium"), Browser.CHROMEDRIVER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nonexistent/chromium is missing")
                .hasMessageContaining("apt-get install -y chromium chromium-driver");
    }

    @Test
    void aMissingDriverFailsToo() {
        assertThatThrownBy(() -> Browser.start(Path.of("/bin/sh"), Path.of("/nonexistent/chromedriver")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nonexistent/chromedriver is missing");
    }
}
