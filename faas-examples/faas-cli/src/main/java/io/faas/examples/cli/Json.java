package io.faas.examples.cli;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as plain Java values: objects are {@code Map<String, Object>} (in order), arrays
 * {@code List<Object>}, then {@code String}, {@code Number}, {@code Boolean} and {@code null}.
 * Reads with jackson-core's streaming parser only: Jackson's object mapper costs a cold JVM more
 * than the whole half-second a command may take.
 */
final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /** A JSON text that is not valid: where and why, for the user. */
    static final class InvalidJsonException extends RuntimeException {
        InvalidJsonException(String message) {
            super(message, null, false, false);
        }
    }

    /** One JSON value, and nothing after it but white space. */
    static Object parse(String text) {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new InvalidJsonException("no JSON value (the text is empty)");
            }
            Object value = value(p, first);
            if (p.nextToken() != null) {
                TokenStreamLocation at = p.currentLocation();
                throw new InvalidJsonException("unexpected text after the JSON value at line " + at.getLineNr()
                        + ", column " + at.getColumnNr());
            }
            return value;
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String why = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage().lines().findFirst()
                    .orElse("malformed JSON");
            throw new InvalidJsonException(why + where);
        }
    }

    private static Object value(JsonParser p, JsonToken token) {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> object = new LinkedHashMap<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                    String name = p.currentName();
                    object.put(name, value(p, p.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                List<Object> array = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    array.add(value(p, t));
                }
                return array;
            }
            case VALUE_STRING:
                return p.getString();
            case VALUE_NUMBER_INT:
                return p.getNumberValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDecimalValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new InvalidJsonException("unexpected " + token);
        }
    }

    /** Compact JSON, as sent to the server and shown in one-line summaries. */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, -1, 0);
        return out.toString();
    }

    /** JSON indented by two spaces, for {@code --output json}. */
    static String pretty(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 2, 0);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out, int indent, int depth) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(sep);
                newline(out, indent, depth + 1);
                string(String.valueOf(e.getKey()), out);
                out.append(indent < 0 ? ":" : ": ");
                write(e.getValue(), out, indent, depth + 1);
                sep = ",";
            }
            newline(out, indent, depth);
            out.append('}');
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            String sep = "";
            for (Object item : list) {
                out.append(sep);
                newline(out, indent, depth + 1);
                write(item, out, indent, depth + 1);
                sep = ",";
            }
            newline(out, indent, depth);
            out.append(']');
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value == null || value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else {
            string(value.toString(), out);
        }
    }

    private static void newline(StringBuilder out, int indent, int depth) {
        if (indent >= 0) {
            out.append('\n').append(" ".repeat(indent * depth));
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** The member {@code name} of a JSON object, or {@code null}. */
    static Object get(Object object, String name) {
        return object instanceof Map<?, ?> map ? map.get(name) : null;
    }

    /** The member as text: {@code ""} when absent or null, compact JSON when not a string. */
    static String text(Object object, String name) {
        Object v = get(object, name);
        return v == null ? "" : v instanceof String s ? s : write(v);
    }

    /** The member as a list; empty when absent. */
    static List<?> list(Object object, String name) {
        return get(object, name) instanceof List<?> l ? l : List.of();
    }
}
