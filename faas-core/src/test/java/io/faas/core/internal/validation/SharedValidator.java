package io.faas.core.internal.validation;

import io.faas.core.PythonValidator;
import io.faas.core.ValidatorSettings;
import io.faas.core.Validators;

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
