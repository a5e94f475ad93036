package io.faas.spring.boot.autoconfigure.remote;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One list of a properties class's fields, walked two ways: {@link #mapping} sets each value that
 * is set on a settings builder (so the builder keeps its own default for every other one), and
 * {@link #checking} tries each set value alone on a valid builder and rejects it, under its
 * property name, when the builder's rules refuse it. The rules and the defaults stay in faas-ssh
 * and faas-ec2; the starter lists its fields once. Not thread-safe.
 */
abstract class SettingsFields<B> {

    /**
     * A field whose value, read lazily, is {@code null} when unset; {@code value} may throw
     * {@link IllegalArgumentException} for a value that cannot be converted.
     */
    abstract <T> SettingsFields<B> field(String name, Supplier<T> value, BiConsumer<B, T> setter);

    /** Sets every set value on {@code builder}. */
    static <B> SettingsFields<B> mapping(B builder) {
        PropertyMapper map = PropertyMapper.get(); // skips nulls: an unset property keeps the builder's default
        return new SettingsFields<>() {
            @Override
            <T> SettingsFields<B> field(String name, Supplier<T> value, BiConsumer<B, T> setter) {
                map.from(value).to(v -> setter.accept(builder, v));
                return this;
            }
        };
    }

    /**
     * Sets every set value alone on a {@code valid()} builder and builds it; a refusal rejects the
     * field {@code path + name} of {@code errors} (a path such as {@code pools[fast].}).
     */
    static <B> SettingsFields<B> checking(Errors errors, String prefix, String path, Supplier<B> valid,
                                          Consumer<B> build) {
        return new SettingsFields<>() {
            @Override
            <T> SettingsFields<B> field(String name, Supplier<T> value, BiConsumer<B, T> setter) {
                try {
                    T v = value.get();
                    if (v != null) {
                        B builder = valid.get();
                        setter.accept(builder, v);
                        build.accept(builder);
                    }
                } catch (IllegalArgumentException | NullPointerException e) {
                    reject(errors, prefix, path + name, e);
                }
                return this;
            }
        };
    }

    /** Rejects {@code field} of {@code errors} with a message that starts with the property as it is written. */
    static void reject(Errors errors, String prefix, String field, RuntimeException e) {
        errors.rejectValue(field, "faas.invalid", property(prefix, field) + ": "
                + (e.getMessage() == null ? "must be set" : e.getMessage()));
    }

    /** Rejects a whole pool or fleet, whose settings do not go together. */
    static void rejectGroup(Errors errors, String prefix, String path, RuntimeException e) {
        errors.reject("faas.invalid", property(prefix, path) + ": "
                + (e.getMessage() == null ? "is incomplete" : e.getMessage()));
    }

    /**
     * {@code pools[fast].concurrencyPerHost} as written in a properties file:
     * {@code faas.ssh.pools.fast.concurrency-per-host}. Map keys keep their case; list indexes stay {@code [0]}.
     */
    static String property(String prefix, String field) {
        StringBuilder property = new StringBuilder(prefix);
        Matcher m = SEGMENT.matcher(field);
        while (m.find()) {
            if (m.group(1) != null) {
                property.append('.').append(m.group(1).replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT));
            } else if (m.group(2).matches("[a-z0-9_-]*[a-z_-][a-z0-9_-]*")) {
                property.append('.').append(m.group(2));
            } else {
                property.append('[').append(m.group(2)).append(']');
            }
        }
        return property.toString();
    }

    /** A field name, or a map key or list index in brackets. */
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z0-9]+)|\\[([^]]*)]");

    /**
     * Whole mebibytes of {@code size}, or {@code null} when unset.
     *
     * @throws IllegalArgumentException when {@code size} is not a whole number of megabytes (512KB
     *                                  would otherwise become 0, which means "no limit")
     */
    static Integer mebibytes(DataSize size) {
        if (size == null) {
            return null;
        }
        if (size.toBytes() % DataSize.ofMegabytes(1).toBytes() != 0) {
            throw new IllegalArgumentException("must be a whole number of megabytes (MB): " + size);
        }
        return (int) Math.min(Integer.MAX_VALUE, size.toMegabytes());
    }

    /** Bytes of {@code size} as an int, or {@code null} when unset. */
    static Integer intBytes(DataSize size) {
        if (size == null) {
            return null;
        }
        if (size.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("must be at most " + Integer.MAX_VALUE + " bytes: " + size);
        }
        return (int) size.toBytes();
    }
}
