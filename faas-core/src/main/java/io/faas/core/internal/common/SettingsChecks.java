package io.faas.core.internal.common;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/** Range checks shared by the settings classes of every faas artifact; messages name the setting and the range. */
public final class SettingsChecks {
    private SettingsChecks() {
    }

    public static void atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
        }
    }

    public static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    public static void notNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }

    /**
     * Builds settings nested in others, with the owner's name in front of a failure's message:
     * {@code python } + {@code worker memoryLimitMb must be at least 0: -1}.
     */
    public static <T> T nested(String owner, Supplier<T> build) {
        try {
            return build.get();
        } catch (NullPointerException e) {
            NullPointerException named = new NullPointerException(owner + " " + e.getMessage());
            named.initCause(e);
            throw named;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(owner + " " + e.getMessage(), e);
        }
    }
}
