package io.faas.core.spi;

import io.faas.core.PythonValidator;

/**
 * Supplies the Python validator a client uses when the host app gives none. faas-core finds
 * implementations with {@link java.util.ServiceLoader} ({@code META-INF/services/io.faas.core.spi.ValidatorProvider});
 * the {@code faas-validation} artifact registers its GraalPy validator this way. Without any, the
 * client checks sources with the configured CPython's compiler.
 *
 * <p>Implementations must have a public no-argument constructor and be thread-safe.
 *
 * @since 0.2
 */
public interface ValidatorProvider {

    /**
     * A validator, not started, for sources of at most {@code maxSourceBytes} bytes of UTF-8; the
     * caller starts and closes it.
     */
    PythonValidator create(long maxSourceBytes);
}
