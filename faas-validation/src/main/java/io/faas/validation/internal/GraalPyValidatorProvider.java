package io.faas.validation.internal;

import io.faas.core.PythonValidator;
import io.faas.core.spi.ValidatorProvider;
import io.faas.validation.ValidatorSettings;
import io.faas.validation.Validators;

/** Registers the GraalPy validator with faas-core's {@link java.util.ServiceLoader} look-up. Thread-safe. */
public final class GraalPyValidatorProvider implements ValidatorProvider {

    @Override
    public PythonValidator create(long maxSourceBytes) {
        return Validators.graalPy(ValidatorSettings.builder().maxSourceBytes(maxSourceBytes).build());
    }
}
