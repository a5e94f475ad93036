package io.faas.core.internal.validation;

import io.faas.core.PythonValidator;
import io.faas.core.ValidatorSettings;
import io.faas.core.Validators;
import org.junit.jupiter.api.Test;

import java.time.Duration;

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
