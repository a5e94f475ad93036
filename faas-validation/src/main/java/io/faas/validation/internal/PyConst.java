package io.faas.validation.internal;

import java.util.Arrays;

/** Python constants that have no natural Java counterpart. */
final class PyConst {
    private PyConst() {
    }

    /** Python's None. */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /** Python's Ellipsis. */
    static final Object ELLIPSIS = new Object() {
        @Override
        public String toString() {
            return "Ellipsis";
        }
    };

    /** A bytes literal. */
    record Bytes(byte[] value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }
    }

    /** A complex literal ({@code 2j}): the parser only makes pure imaginary ones. */
    record Complex(double real, double imag) {
    }

    /** A constant the reader could not map: only ever equal to itself. */
    static final class Opaque {
        @Override
        public String toString() {
            return "<opaque>";
        }
    }
}
