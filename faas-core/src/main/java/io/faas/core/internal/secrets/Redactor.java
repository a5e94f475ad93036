package io.faas.core.internal.secrets;

import io.faas.api.InvocationError;
import io.faas.api.spi.ExecutionResult;
import io.faas.core.internal.json.Json;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces secret values in an attempt's outcome by {@value #MASK}: each value as it is and as it
 * looks inside a JSON string (escaped the way Jackson writes results, and the way Python's
 * {@code json.dumps} writes it with its default {@code ensure_ascii}). A value the function
 * transformed (base64, reversed, split) is not recognised. Immutable and thread-safe.
 */
public final class Redactor {

    public static final String MASK = "***";
    private static final Redactor NONE = new Redactor(List.of());
    private static final char[] LOWER = "0123456789abcdef".toCharArray();
    private static final char[] UPPER = "0123456789ABCDEF".toCharArray();

    /** Longest first, so a value that contains another is replaced whole. */
    private final List<String> needles;

    private Redactor(List<String> needles) {
        this.needles = needles;
    }

    public static Redactor of(Collection<String> secrets) {
        if (secrets.isEmpty()) {
            return NONE;
        }
        Set<String> forms = new LinkedHashSet<>();
        for (String secret : secrets) {
            if (secret == null || secret.isEmpty()) {
                continue;
            }
            forms.add(secret);
            forms.add(jsonEscaped(secret, false, UPPER));
            forms.add(jsonEscaped(secret, false, LOWER));
            forms.add(jsonEscaped(secret, true, LOWER));
        }
        List<String> sorted = new ArrayList<>(forms);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return new Redactor(List.copyOf(sorted));
    }

    /** {@code text} with every secret replaced; {@code null} stays {@code null}. */
    public String redact(String text) {
        if (text == null || text.isEmpty() || needles.isEmpty()) {
            return text;
        }
        String out = text;
        for (String needle : needles) {
            if (out.contains(needle)) {
                out = out.replace(needle, MASK);
            }
        }
        return out;
    }

    /**
     * The outcome with secrets replaced in its result, error message, traceback and logs. A result
     * that is no longer valid JSON after the replacement (a secret that was a number) becomes the
     * JSON string of the redacted text.
     */
    public ExecutionResult redact(ExecutionResult result) {
        if (needles.isEmpty()) {
            return result;
        }
        String json = result.result();
        String redactedJson = redact(json);
        if (redactedJson != null && !redactedJson.equals(json) && Json.problem(redactedJson).isPresent()) {
            redactedJson = Json.mapper().writeValueAsString(redactedJson);
        }
        InvocationError error = result.error();
        InvocationError redactedError = error == null ? null
                : new InvocationError(redact(error.type()), redact(error.message()), redact(error.traceback()));
        return new ExecutionResult(result.status(), redactedJson, redactedError, redact(result.logs()),
                result.logsTruncated(), result.coldStart(), result.startedAt(), result.finishedAt());
    }

    /** The characters between the quotes of {@code value} written as a JSON string. */
    private static String jsonEscaped(String value, boolean asciiOnly, char[] hex) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (asciiOnly && c > 0x7e)) {
                        out.append("\\u").append(hex[(c >> 12) & 0xf]).append(hex[(c >> 8) & 0xf])
                                .append(hex[(c >> 4) & 0xf]).append(hex[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
