package io.faas.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shared layers: named sets of Python distributions, installed once with pip and stored
 * content-addressed, that functions name in {@link FunctionSpec#layers()}. Replacing a layer
 * changes the functions stored afterwards with its bare name, never a stored version: a version
 * keeps the digest it was stored with, and so does a layer's deletion.
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.3
 */
public interface LayerRegistry {

    /**
     * Creates or replaces a layer from wheel files (by file name, such as
     * {@code lib-1.0-py3-none-any.whl}); their dependencies come from the same files or the
     * server's wheelhouse or index.
     *
     * @throws IllegalArgumentException  if a file is not a wheel, or pip cannot install them (with pip's reason)
     * @throws PayloadTooLargeException if the wheels add up to more than the package size limit
     */
    Layer putWheels(String name, Map<String, byte[]> wheels);

    /**
     * Creates or replaces a layer from requirement lines ({@code name==1.2}), resolved against the
     * server's wheelhouse or index.
     *
     * @throws IllegalArgumentException if a line is not a plain requirement or pip cannot resolve them
     */
    Layer putRequirements(String name, String requirements);

    /** The named layer. */
    Optional<Layer> get(String name);

    /** Every layer, by name. */
    List<Layer> list();

    /**
     * Deletes the name; versions that use the layer keep their content.
     *
     * @return whether there was such a layer
     */
    boolean delete(String name);
}
