package io.faas.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * The code of a Python function that is more than one file: a zip archive of modules, data files
 * and vendored pure-Python packages, with an optional {@code requirements.txt}. The function's
 * handler is then {@code module.function}, such as {@code app.handler} for {@code app.py} or
 * {@code shop.orders.handle} for {@code shop/orders.py}.
 *
 * <p>A registry checks the archive when it is registered (size, entry count, unpacked size, no
 * path that leaves the archive, no links) and stores it content-addressed: two versions with the
 * same files share one stored copy. Immutable and thread-safe; the bytes are copied in and out.
 *
 * @since 0.3
 */
public final class FunctionPackage {

    private final byte[] zip;

    private FunctionPackage(byte[] zip) {
        this.zip = zip;
    }

    /**
     * A package from the bytes of a zip archive; the registry checks its content.
     *
     * @throws IllegalArgumentException if there are no bytes
     */
    public static FunctionPackage ofZip(byte[] zip) {
        Objects.requireNonNull(zip, "zip");
        if (zip.length == 0) {
            throw new IllegalArgumentException("the package is empty");
        }
        return new FunctionPackage(zip.clone());
    }

    /** A copy of the archive's bytes. */
    public byte[] zip() {
        return zip.clone();
    }

    /** Size of the archive in bytes. */
    public int size() {
        return zip.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FunctionPackage other && Arrays.equals(zip, other.zip);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(zip);
    }

    @Override
    public String toString() {
        return "FunctionPackage[" + zip.length + " bytes]";
    }
}
