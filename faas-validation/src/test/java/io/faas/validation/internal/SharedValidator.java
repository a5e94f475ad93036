package io.faas.validation.internal;

import io.faas.core.PythonValidator;
import io.faas.validation.ValidatorSettings;
import io.faas.validation.Validators;

/** One started validator for the whole test run: starting GraalPy costs seconds. */
final class SharedValidator {
    private static PythonValidator instance;

    private SharedValidator() {
    }

    static synchronized PythonValidator get() {
        if (instance == null) {
            instance = Validators.graalPy(ValidatorSettings.builder().poolSize(2).build());
            instance.start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close));
        }
        return instance;
    }
}
