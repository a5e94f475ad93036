package io.faas.spring.boot.autoconfigure.internal;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Boot's {@link PropertyMapper} for one group of properties and its faas settings builder, which
 * checks each property by the builder's own rules as it maps it, so that a refused value is
 * reported with the name of its property. Only properties that are set are mapped; the builder
 * keeps its defaults for the rest.
 *
 * <p>A group is a path in a {@code @ConfigurationProperties} bean: {@code ""} for {@code faas.*}
 * itself, {@code pools[fast]} for {@code faas.ssh.pools.fast.*}, {@code fleets[burst].ssh}. Its
 * properties are reported as they are written: {@code faas.ssh.pools.fast.concurrency-per-host}.
 *
 * <p>First the group's defaults are built alone: a failure there (a pool name that is not one) is
 * the group's error and nothing is mapped. Then each mapped value is tried on a builder with the
 * defaults and the values accepted before it, and {@code build()} is called: an
 * {@link IllegalArgumentException} (or the {@link NullPointerException} of a required value) is the
 * property's error. A value checked against another one ({@code faas.python.memory-limit} against
 * {@code max-memory-limit}) is also tried with the values mapped after it, so that the order of the
 * mapping does not matter; one that still fails is reported under its own name. Only accepted values
 * reach the target builder. {@link #checkGroup} finally builds the group as a whole, for what only
 * the values together decide (a host without a private key, a fleet without a launch template),
 * and reports it under the group's name.
 *
 * <p>Used by the properties' {@code validate} with {@link Rejections#to(Errors)}, and by their
 * {@code toSettingsBuilder} with {@link Rejections#FAIL}: one mapping of each property serves both.
 * Not thread-safe; one instance maps one group once.
 *
 * <p>Not API: public only so that the starter's packages share it; it may change in any release.
 *
 * @param <B> the settings builder
 */
public final class CheckingPropertyMapper<B> {

    /** Receives a value, or a group, that faas refuses. */
    @FunctionalInterface
    public interface Rejections {

        /** Fails at once with the message, which names the property: for building settings from checked properties. */
        Rejections FAIL = (field, hideValue, message) -> {
            throw new IllegalArgumentException(message);
        };

        /**
         * Records each refusal in {@code errors}: a field error, or a global one for a value that must
         * not be shown (Boot's failure report prints a field error's rejected value).
         */
        static Rejections to(Errors errors) {
            return (field, hideValue, message) -> {
                if (hideValue) {
                    errors.reject("faas.invalid", message);
                } else {
                    errors.rejectValue(field, "faas.invalid", message);
                }
            };
        }

        /**
         * @param field     bean path of the property, such as {@code dispatcher.concurrency} or
         *                  {@code pools[fast].concurrencyPerHost}, or of the group that is refused as a whole
         * @param hideValue whether a report must not show the value: a secret (faas' message never shows
         *                  it), or a whole group
         * @param message   the property as it is written, a colon and faas' reason:
         *                  {@code faas.dispatcher.concurrency: dispatcher concurrency must be at least 1: 0}
         */
        void reject(String field, boolean hideValue, String message);
    }

    private record Entry<B>(String field, boolean secret, Consumer<B> setter) {
    }

    /** A field name, or a map key or list index in brackets. */
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z0-9]+)|\\[([^]]*)]");

    private final PropertyMapper map = PropertyMapper.get();
    private final String prefix;
    private final String group;
    private final Supplier<B> defaults;
    private final Consumer<B> build;
    private final Rejections rejections;
    private final List<Entry<B>> entries = new ArrayList<>();
    private Boolean defaultsBuild;
    private boolean rejected;

    /**
     * @param prefix     prefix of the properties bean, such as {@code faas} or {@code faas.ssh}
     * @param group      path of the group in the bean, such as {@code pools[fast]}; {@code ""} for the bean itself
     * @param defaults   a new builder with the settings' defaults (and what a check needs besides, such as a
     *                   placeholder for a required connection string)
     * @param build      builds, and so checks, a builder
     * @param rejections where refused values go
     */
    public CheckingPropertyMapper(String prefix, String group, Supplier<B> defaults, Consumer<B> build,
                                  Rejections rejections) {
        this.prefix = prefix;
        this.group = group;
        this.defaults = defaults;
        this.build = build;
        this.rejections = rejections;
    }

    /** Starts the mapping of the property {@code name} of the group, such as {@code concurrency} or {@code hosts[0]}. */
    public <T> Source<T> from(String name, Supplier<? extends T> getter) {
        return new Source<>(field(name), false, map.from(getter));
    }

    /** As {@link #from}, for a value that an error must not show. */
    public <T> Source<T> fromSecret(String name, Supplier<? extends T> getter) {
        return new Source<>(field(name), true, map.from(getter));
    }

    private String field(String name) {
        return group.isEmpty() ? name : group + "." + name;
    }

    /**
     * Builds the group's defaults alone, once; when faas refuses them (a pool or fleet name that is not
     * one) rejects the group.
     *
     * @return whether the defaults build
     */
    public boolean checkDefaults() {
        if (defaultsBuild == null) {
            String problem = problem(List.of());
            defaultsBuild = problem == null;
            if (problem != null) {
                rejectGroup(problem);
            }
        }
        return defaultsBuild;
    }

    /**
     * Checks every mapped value and sets those accepted on {@code target}; nothing when the group's
     * defaults do not build.
     *
     * @return {@code target}
     */
    public B applyTo(B target) {
        if (!checkDefaults()) {
            return target;
        }
        List<Entry<B>> accepted = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry<B> entry = entries.get(i);
            String problem = problem(concat(accepted, entry, List.of()));
            if (problem != null) {
                List<Entry<B>> later = entries.subList(i + 1, entries.size()).stream()
                        .filter(e -> problem(List.of(e)) == null).toList();
                if (!later.isEmpty() && problem(concat(accepted, entry, later)) == null) {
                    problem = null;
                }
            }
            if (problem == null) {
                accepted.add(entry);
            } else {
                reject(entry.field(), entry.secret(), problem);
            }
        }
        accepted.forEach(e -> e.setter().accept(target));
        return target;
    }

    /**
     * Builds {@code target}, which holds the accepted values and whatever the caller added, and rejects
     * the whole group when faas refuses it: what only the values together decide. Does nothing when a
     * value of the group was rejected already, whose message says more.
     *
     * @return whether the group builds
     */
    public boolean checkGroup(B target) {
        if (rejected) {
            return false;
        }
        try {
            build.accept(target);
            return true;
        } catch (IllegalArgumentException | NullPointerException e) {
            rejectGroup(e.getMessage() == null ? "is incomplete" : e.getMessage());
            return false;
        }
    }

    private static <B> List<Entry<B>> concat(List<Entry<B>> before, Entry<B> entry, List<Entry<B>> after) {
        List<Entry<B>> all = new ArrayList<>(before);
        all.add(entry);
        all.addAll(after);
        return all;
    }

    /** The message of faas' refusal of the defaults with {@code values}, or null. */
    private String problem(List<Entry<B>> values) {
        try {
            B probe = defaults.get();
            values.forEach(e -> e.setter().accept(probe));
            build.accept(probe);
            return null;
        } catch (IllegalArgumentException | NullPointerException e) {
            return e.getMessage() == null ? "must be set" : e.getMessage();
        }
    }

    private void reject(String field, boolean secret, String reason) {
        rejected = true;
        rejections.reject(field, secret, property(prefix, field) + ": " + reason);
    }

    private void rejectGroup(String reason) {
        rejected = true;
        rejections.reject(group, true, property(prefix, group) + ": " + reason);
    }

    /**
     * {@code pools[fast].concurrencyPerHost} as written in a properties file under {@code prefix}
     * {@code faas.ssh}: {@code faas.ssh.pools.fast.concurrency-per-host}. Map keys keep their case
     * (in brackets unless they are lower-case words); list indexes stay {@code [0]}.
     */
    public static String property(String prefix, String field) {
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

    /**
     * Whole mebibytes of {@code size}, for a setting that counts MiB.
     *
     * @throws IllegalArgumentException when {@code size} is not a whole number of megabytes (512KB
     *                                  would otherwise become 0, which means "no limit"), or too large
     */
    public static int mebibytes(DataSize size) {
        if (size.toBytes() % DataSize.ofMegabytes(1).toBytes() != 0) {
            throw new IllegalArgumentException("must be a whole number of megabytes (MB): " + size);
        }
        return toInt(size.toMegabytes(), "MB");
    }

    /**
     * Bytes of {@code size}, for a setting that is an {@code int}.
     *
     * @throws IllegalArgumentException when {@code size} is above {@link Integer#MAX_VALUE} bytes
     */
    public static int intBytes(DataSize size) {
        return toInt(size.toBytes(), "bytes");
    }

    private static int toInt(long value, String unit) {
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("must be at most " + Integer.MAX_VALUE + " " + unit + ": " + value);
        }
        return (int) value;
    }

    /** One property on its way to the builder; see {@link PropertyMapper.Source}. */
    public final class Source<T> {

        private final String field;
        private final boolean secret;
        private final PropertyMapper.Source<T> source;

        private Source(String field, boolean secret, PropertyMapper.Source<T> source) {
            this.field = field;
            this.secret = secret;
            this.source = source;
        }

        /**
         * Converts the value; an {@link IllegalArgumentException} (or {@link NullPointerException}) of
         * {@code adapter} is the property's error.
         */
        public <R> Source<R> as(PropertyMapper.Source.Adapter<? super T, ? extends R> adapter) {
            return new Source<>(field, secret, source.as(adapter));
        }

        /** Maps the value only if it has text: blank counts as unset. */
        public Source<T> whenHasText() {
            return new Source<>(field, secret, source.whenHasText());
        }

        /** Maps the value only if it does not match, such as an empty list: unset. */
        public Source<T> whenNot(Predicate<T> predicate) {
            return new Source<>(field, secret, source.whenNot(predicate));
        }

        /** Maps the value, if set, with {@code setter}, such as {@code DispatcherSettings.Builder::concurrency}. */
        public void to(BiConsumer<B, ? super T> setter) {
            try {
                source.to(value -> entries.add(new Entry<>(field, secret, b -> setter.accept(b, value))));
            } catch (IllegalArgumentException | NullPointerException e) {
                reject(field, secret, e.getMessage() == null ? "must be set" : e.getMessage());
            }
        }
    }
}
