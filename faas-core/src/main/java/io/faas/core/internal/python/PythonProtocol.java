package io.faas.core.internal.python;

import io.faas.api.Event;
import io.faas.api.FunctionVersion;
import io.faas.api.InvocationError;
import io.faas.api.spi.ExecutionRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.util.Map;

/**
 * Frames of the worker protocol: a 4-byte big-endian length, then that many bytes of UTF-8 JSON.
 * The fields are described in {@code faas_worker.py}. Stateless and thread-safe.
 */
final class PythonProtocol {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private PythonProtocol() {
    }

    /** A reply of the worker; fields that a reply kind does not carry are {@code null}/false. */
    record Reply(long id, String op, String status, String resultJson, InvocationError error, String logs,
                 boolean truncated, boolean cold, boolean loaded) {
    }

    /** The invoke request frame, header included. */
    static byte[] invoke(long id, ExecutionRequest request, boolean withSource, int logLimitBytes) {
        FunctionVersion function = request.function();
        Event event = request.event();
        int sizeHint = 512 + event.payload().length() + (withSource ? function.source().length() : 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(0);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberProperty("id", id);
            g.writeStringProperty("op", "invoke");
            g.writeStringProperty("fn", function.name());
            g.writeNumberProperty("version", function.version());
            g.writeStringProperty("hash", function.sourceHash());
            g.writeStringProperty("handler", function.spec().handler());
            if (withSource) {
                g.writeStringProperty("source", function.source());
            }
            // Embedded as JSON, not as a string, so the worker parses the event once. Callers
            // check it first with invalidPayload: raw text could otherwise add fields to the frame.
            g.writeName("event");
            g.writeRawValue(event.payload());
            g.writeObjectPropertyStart("ctx");
            g.writeStringProperty("function_name", function.name());
            g.writeNumberProperty("function_version", function.version());
            g.writeStringProperty("topic", event.topic());
            g.writeNumberProperty("partition", event.partition());
            g.writeNumberProperty("offset", event.offset());
            if (event.key() == null) {
                g.writeNullProperty("key");
            } else {
                g.writeStringProperty("key", event.key());
            }
            g.writeStringProperty("event_id", event.id());
            g.writeObjectPropertyStart("headers");
            for (Map.Entry<String, String> header : event.headers().entrySet()) {
                g.writeStringProperty(header.getKey(), header.getValue());
            }
            g.writeEndObject();
            g.writeNumberProperty("attempt", request.attempt());
            g.writeNumberProperty("timeout_ms", request.timeout().toMillis());
            g.writeEndObject();
            g.writeNumberProperty("log_limit", logLimitBytes);
            g.writeEndObject();
        }
        return withLength(out.toByteArray());
    }

    /** The ping request frame, header included. */
    static byte[] ping(long id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32);
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(0);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberProperty("id", id);
            g.writeStringProperty("op", "ping");
            g.writeEndObject();
        }
        return withLength(out.toByteArray());
    }

    private static byte[] withLength(byte[] frame) {
        int length = frame.length - 4;
        frame[0] = (byte) (length >>> 24);
        frame[1] = (byte) (length >>> 16);
        frame[2] = (byte) (length >>> 8);
        frame[3] = (byte) length;
        return frame;
    }

    /**
     * Why {@code payload} cannot be embedded in a frame (not exactly one JSON value), or
     * {@code null} when it can.
     */
    static String invalidPayload(String payload) {
        try (JsonParser p = MAPPER.createParser(payload)) {
            int depth = 0;
            int values = 0;
            JsonToken token;
            while ((token = p.nextToken()) != null) {
                // Strings are decoded lazily; finishing each token makes bad escapes fail here.
                p.finishToken();
                if (depth == 0) {
                    values++;
                    if (values > 1) {
                        return "more than one JSON value";
                    }
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
            }
            return values == 0 ? "empty" : null;
        } catch (JacksonException e) {
            return e.getOriginalMessage();
        }
    }

    /**
     * Reads a reply frame (without its length header).
     *
     * @throws JacksonException if it is not a JSON object
     * @throws IllegalArgumentException if it lacks what every reply has
     */
    static Reply parse(byte[] frame) {
        JsonNode node = MAPPER.readTree(frame);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("reply is not a JSON object");
        }
        JsonNode result = node.get("result");
        JsonNode error = node.get("error");
        InvocationError invocationError = null;
        if (error != null && error.isObject()) {
            invocationError = new InvocationError(error.path("type").asString("Error"),
                    error.path("message").asString(""), error.path("traceback").asString(""));
        }
        return new Reply(
                node.path("id").asLong(-1),
                text(node.get("op")),
                text(node.get("status")),
                result == null ? null : MAPPER.writeValueAsString(result),
                invocationError,
                node.path("logs").asString(""),
                node.path("truncated").asBoolean(false),
                node.path("cold").asBoolean(false),
                node.path("loaded").asBoolean(false));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }
}
