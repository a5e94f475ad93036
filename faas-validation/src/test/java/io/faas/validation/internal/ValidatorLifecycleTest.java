package io.faas.validation.internal;

import io.faas.core.PythonValidator;
import io.faas.validation.ValidatorSettings;
import io.faas.validation.Validators;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidatorLifecycleTest {

    @Test
    void startValidateCloseAndNothingAfterClose() {
        PythonValidator v = Validators.graalPy(ValidatorSettings.builder().poolSize(1).build());
        assertThat(v.isRunning()).isFalse();
        assertThatThrownBy(() -> v.validate("a.py", "x = 1\n")).isInstanceOf(IllegalStateException.class);
        v.start();
        v.start();
        assertThat(v.isRunning()).isTrue();
        assertThat(v.validate("a.py", "x = 1\n")).isEmpty();
        v.close();
        v.close();
        assertThat(v.isRunning()).isFalse();
        assertThatThrownBy(() -> v.validate("a.py", "x = 1\n")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(v::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theOtherContextsJoinThePoolInTheBackground() throws Exception {
        try (PythonParsers parsers = new PythonParsers(3)) {
            PythonParsers.Parser first = parsers.borrow(Duration.ofSeconds(1));
            assertThat(first).isNotNull();
            // Only the first context exists until fill() runs.
            assertThat(parsers.borrow(Duration.ofMillis(50))).isNull();
            List<PythonParsers.Parser> warmed = new CopyOnWriteArrayList<>();
            Thread filler = new Thread(() -> parsers.fill(warmed::add));
            filler.start();
            PythonParsers.Parser second = parsers.borrow(Duration.ofSeconds(60));
            PythonParsers.Parser third = parsers.borrow(Duration.ofSeconds(60));
            filler.join(60_000);
            assertThat(filler.isAlive()).isFalse();
            assertThat(warmed).containsExactlyInAnyOrder(second, third);
            assertThat(List.of(first, second, third)).doesNotHaveDuplicates();
            parsers.release(first);
            parsers.release(second);
            parsers.release(third);
            // Last in, first out: the context just used is lent again.
            assertThat(parsers.borrow(Duration.ofSeconds(1))).isSameAs(third);
        }
    }

    @Test
    void closingWhileTheOtherContextsStartStopsThem() throws Exception {
        PythonValidator v = Validators.graalPy(ValidatorSettings.builder().poolSize(3).build());
        v.start();
        assertThat(v.validate("a.py", "import os\n")).extracting(d -> d.message())
                .containsExactly("'os' imported but unused");
        long t0 = System.nanoTime();
        v.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(v.isRunning()).isFalse();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain("faas-validator-start");
    }

    @Test
    void settingsFailFastAndCopy() {
        assertThatThrownBy(() -> ValidatorSettings.builder().maxSourceBytes(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSourceBytes");
        assertThatThrownBy(() -> ValidatorSettings.builder().poolSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("poolSize");
        assertThatThrownBy(() -> ValidatorSettings.builder().acquireTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acquireTimeout");
        ValidatorSettings s = ValidatorSettings.builder().maxSourceBytes(5).poolSize(3).build();
        assertThat(ValidatorSettings.builder(s).build()).isEqualTo(s);
        assertThat(ValidatorSettings.defaults().maxSourceBytes()).isEqualTo(1024 * 1024);
    }
}
