package io.faas.core.internal.json;

import io.faas.api.EventPublisher;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.util.Optional;

/**
 * The one JSON mapper of faas-core and the checks built on it. Thread-safe.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The payload the code running on this thread was handed after {@link #problem} found none in it. */
    private static final ThreadLocal<String> CHECKED = new ThreadLocal<>();

    private Json() {
    }

    /** Work that may be interrupted. */
    @FunctionalInterface
    public interface Call<T> {
        T call() throws InterruptedException;
    }

    /**
     * Runs {@code work} on this thread with {@code payload}, which {@link #problem} has already
     * passed, marked as checked: {@link #problemUnlessChecked} then answers for that very string
     * without reading it again. The dispatcher reads an event's payload once, however many
     * functions and attempts it has.
     */
    public static <T> T checked(String payload, Call<T> work) throws InterruptedException {
        String outer = CHECKED.get();
        CHECKED.set(payload);
        try {
            return work.call();
        } finally {
            if (outer == null) {
                CHECKED.remove();
            } else {
                CHECKED.set(outer);
            }
        }
    }

    /**
     * {@link #problem(String)}, unless this thread runs in {@link #checked} for this same string
     * (the same instance, not an equal one), which was found to have none.
     */
    public static Optional<String> problemUnlessChecked(String text) {
        if (text != null && CHECKED.get() == text) {
            return Optional.empty();
        }
        return problem(text);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Why {@code text} is not exactly one complete JSON value (bad escapes in strings included) of
     * at most {@link EventPublisher#MAX_PAYLOAD_DEPTH} levels, or empty when it is. The reason
     * names the line and column but never echoes the input or the parser's internals.
     */
    public static Optional<String> problem(String text) {
        if (text == null) {
            return Optional.of("no payload");
        }
        try (JsonParser parser = MAPPER.createParser(text)) {
            int depth = 0;
            int values = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                // Strings are decoded lazily; finishing each token makes bad escapes fail here.
                parser.finishToken();
                if (depth == 0 && ++values > 1) {
                    return Optional.of("unexpected content after the JSON value at line "
                            + parser.currentLocation().getLineNr() + ", column "
                            + parser.currentLocation().getColumnNr());
                }
                if (token.isStructStart()) {
                    if (++depth > EventPublisher.MAX_PAYLOAD_DEPTH) {
                        return Optional.of("arrays and objects are nested deeper than "
                                + EventPublisher.MAX_PAYLOAD_DEPTH + " levels at line "
                                + parser.currentLocation().getLineNr() + ", column "
                                + parser.currentLocation().getColumnNr());
                    }
                } else if (token.isStructEnd()) {
                    depth--;
                }
            }
            return values == 0 ? Optional.of("empty payload") : Optional.empty();
        } catch (StreamConstraintsException e) {
            return Optional.of("a number or string is longer than the JSON reader accepts" + locationOf(e));
        } catch (JacksonException e) {
            return Optional.of(e.getOriginalMessage() + locationOf(e));
        }
    }

    private static String locationOf(JacksonException e) {
        if (e.getLocation() == null || e.getLocation().getLineNr() < 0) {
            return "";
        }
        return " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    /** Decodes JSON text into maps, lists, strings, numbers, booleans and null. */
    public static Object decode(String text) {
        return MAPPER.readValue(text, Object.class);
    }

    /**
     * Decodes JSON text like {@link #decode}, or answers {@code null} when it is not JSON (or is
     * nested deeper than the reader accepts): what a content filter sees of a payload it cannot read.
     */
    public static Object decodeOrNull(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Parses JSON text into a tree. */
    public static JsonNode tree(String text) {
        return MAPPER.readTree(text);
    }

    /**
     * Encodes a Java value as JSON text.
     *
     * @throws JacksonException when the value cannot be serialized
     */
    public static String encode(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** A JSON string literal of {@code text}. */
    public static String quote(String text) {
        return MAPPER.writeValueAsString(text);
    }
}
