package io.faas.spring.boot.autoconfigure;

import org.springframework.boot.context.properties.PropertyMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Boot's {@link PropertyMapper} for one faas-core settings builder, which checks each property by
 * the builder's own rules as it maps it, so that a refused value is reported with the name of its
 * property. Only properties that are set are mapped; the builder keeps its defaults for the rest.
 *
 * <p>Each mapped value is tried on a builder with faas-core's defaults and the values accepted
 * before it, and {@code build()} is called: an {@link IllegalArgumentException} (or the
 * {@link NullPointerException} of a required value) is the property's error. A value checked
 * against another one ({@code faas.python.memory-limit} against {@code max-memory-limit}) is
 * also tried with the values mapped after it, so that the order of the mapping does not matter.
 * Only accepted values reach the target builder.
 *
 * <p>Used by {@link FaasProperties#validate} with a {@link Rejections} that records errors, and by
 * the auto-configurations with {@link Rejections#FAIL}: one mapping of each property serves both.
 * Not thread-safe; one instance maps one group once.
 *
 * @param <B> the faas-core builder
 */
final class CheckingPropertyMapper<B> {

    /** Receives a value that faas-core refuses. */
    @FunctionalInterface
    interface Rejections {

        /** Fails at once, naming the property: for building settings from checked properties. */
        Rejections FAIL = (field, secret, reason) -> {
            throw new IllegalArgumentException(property(field) + ": " + reason);
        };

        /**
         * @param field  path of the property in {@link FaasProperties}, such as {@code dispatcher.concurrency}
         * @param secret whether the value must not be shown (the message of faas-core never shows it)
         * @param reason faas-core's message
         */
        void reject(String field, boolean secret, String reason);
    }

    private record Entry<B>(String field, boolean secret, Consumer<B> setter) {
    }

    private final PropertyMapper map = PropertyMapper.get();
    private final Supplier<B> defaults;
    private final Consumer<B> build;
    private final Rejections rejections;
    private final List<Entry<B>> entries = new ArrayList<>();

    /**
     * @param defaults   a new builder with faas-core's defaults (and what a check needs besides, such as a
     *                   placeholder for a required connection string)
     * @param build      builds, and so checks, a builder
     * @param rejections where refused values go
     */
    CheckingPropertyMapper(Supplier<B> defaults, Consumer<B> build, Rejections rejections) {
        this.defaults = defaults;
        this.build = build;
        this.rejections = rejections;
    }

    /** Starts the mapping of the property at {@code field}, such as {@code dispatcher.concurrency}. */
    <T> Source<T> from(String field, Supplier<? extends T> getter) {
        return new Source<>(field, false, map.from(getter));
    }

    /** As {@link #from}, for a value that an error must not show. */
    <T> Source<T> fromSecret(String field, Supplier<? extends T> getter) {
        return new Source<>(field, true, map.from(getter));
    }

    /**
     * Checks every mapped value and sets those accepted on {@code target}.
     *
     * @return {@code target}
     */
    B applyTo(B target) {
        List<Entry<B>> accepted = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry<B> entry = entries.get(i);
            String problem = problem(accepted, entry, List.of());
            if (problem != null) {
                List<Entry<B>> later = entries.subList(i + 1, entries.size()).stream()
                        .filter(e -> problem(List.of(), e, List.of()) == null).toList();
                if (!later.isEmpty() && problem(accepted, entry, later) == null) {
                    problem = null;
                }
            }
            if (problem == null) {
                accepted.add(entry);
            } else {
                rejections.reject(entry.field(), entry.secret(), problem);
            }
        }
        accepted.forEach(e -> e.setter().accept(target));
        return target;
    }

    /** The message of faas-core's refusal of {@code entry} after {@code before} and with {@code after}, or null. */
    private String problem(List<Entry<B>> before, Entry<B> entry, List<Entry<B>> after) {
        try {
            B probe = defaults.get();
            before.forEach(e -> e.setter().accept(probe));
            entry.setter().accept(probe);
            after.forEach(e -> e.setter().accept(probe));
            build.accept(probe);
            return null;
        } catch (IllegalArgumentException | NullPointerException e) {
            return e.getMessage() == null ? "must be set" : e.getMessage();
        }
    }

    /** {@code dispatcher.deadLetterTopic} as it is written in a properties file: {@code faas.dispatcher.dead-letter-topic}. */
    static String property(String field) {
        return "faas." + field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** One property on its way to the builder; see {@link PropertyMapper.Source}. */
    final class Source<T> {

        private final String field;
        private final boolean secret;
        private final PropertyMapper.Source<T> source;

        private Source(String field, boolean secret, PropertyMapper.Source<T> source) {
            this.field = field;
            this.secret = secret;
            this.source = source;
        }

        /** Converts the value; an {@link IllegalArgumentException} of {@code adapter} is the property's error. */
        <R> Source<R> as(PropertyMapper.Source.Adapter<? super T, ? extends R> adapter) {
            return new Source<>(field, secret, source.as(adapter));
        }

        /** Maps the value only if it has text: blank counts as unset. */
        Source<T> whenHasText() {
            return new Source<>(field, secret, source.whenHasText());
        }

        /** Maps the value only if it does not match. */
        Source<T> whenNot(Predicate<T> predicate) {
            return new Source<>(field, secret, source.whenNot(predicate));
        }

        /** Maps the value, if set, with {@code setter}, such as {@code DispatcherSettings.Builder::concurrency}. */
        void to(BiConsumer<B, ? super T> setter) {
            try {
                source.to(value -> entries.add(new Entry<>(field, secret, b -> setter.accept(b, value))));
            } catch (IllegalArgumentException e) {
                rejections.reject(field, secret, e.getMessage());
            }
        }
    }
}
