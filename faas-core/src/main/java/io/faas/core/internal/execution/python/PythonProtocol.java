package io.faas.core.internal.execution.python;

import io.faas.api.Event;
import io.faas.api.FunctionVersion;
import io.faas.api.InvocationError;
import io.faas.api.spi.ExecutionRequest;
import io.faas.api.spi.ExecutionResult;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.util.Map;

/**
 * Frames of the worker protocol: a 4-byte big-endian length, then that many bytes of UTF-8 JSON.
 * The fields are described in {@code faas_worker.py}. Stateless and thread-safe.
 */
public final class PythonProtocol {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private PythonProtocol() {
    }

    /** A reply of the worker; fields that a reply kind does not carry are {@code null}/false. */
    public record Reply(long id, String op, String status, String resultJson, InvocationError error, String logs,
                 boolean truncated, boolean cold, boolean loaded, Map<Integer, InvocationError> itemErrors) {
    }

    /**
     * The invoke request frame, header included.
     *
     * @param withSource   whether the frame carries the source
     * @param withCodeRef  whether it names the source by {@link #codeRef(String)}, for a worker that
     *                     reads code from its code directory
     */
    public static byte[] invoke(long id, ExecutionRequest request, boolean withSource, boolean withCodeRef,
                         int logLimitBytes) {
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
            String handler = function.spec().handler();
            if (function.isPackage()) {
                // imported from the package directory the worker was started with, never sent
                int dot = handler.lastIndexOf('.');
                g.writeStringProperty("module", handler.substring(0, dot));
                g.writeStringProperty("handler", handler.substring(dot + 1));
            } else {
                g.writeStringProperty("handler", handler);
            }
            if (withSource && !function.isPackage()) {
                g.writeStringProperty("source", function.source());
            }
            if (withCodeRef && !function.isPackage()) {
                g.writeStringProperty("code_ref", codeRef(function.source()));
            }
            // Embedded as JSON, not as a string, so the worker parses the event once. Callers
            // check it first with refuse(): raw text could otherwise add fields to the frame.
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
            if (request.isBatch()) {
                // the events of the batch without their payloads, which "event" holds as one list
                g.writeArrayPropertyStart("batch");
                for (Event item : request.batch()) {
                    g.writeStartObject();
                    g.writeStringProperty("event_id", item.id());
                    g.writeStringProperty("topic", item.topic());
                    g.writeNumberProperty("partition", item.partition());
                    g.writeNumberProperty("offset", item.offset());
                    if (item.key() == null) {
                        g.writeNullProperty("key");
                    } else {
                        g.writeStringProperty("key", item.key());
                    }
                    g.writeObjectPropertyStart("headers");
                    for (Map.Entry<String, String> header : item.headers().entrySet()) {
                        g.writeStringProperty(header.getKey(), header.getValue());
                    }
                    g.writeEndObject();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeNumberProperty("log_limit", logLimitBytes);
            Map<String, String> environment = request.environment();
            if (!environment.isEmpty()) {
                // Set in os.environ for this call only; the worker removes them after it.
                g.writeObjectPropertyStart("env");
                for (Map.Entry<String, String> variable : environment.entrySet()) {
                    g.writeStringProperty(variable.getKey(), variable.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        return withLength(out.toByteArray());
    }

    /**
     * Name of a source in a worker's code directory: the SHA-256 (lower-case hex) of its UTF-8
     * bytes. Content-addressed, so a name never needs quoting and a file is never stale.
     */
    public static String codeRef(String source) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(source.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The ping request frame, header included. */
    public static byte[] ping(long id) {
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
     * The outcome of a request that cannot be sent to a worker at all (its payload is not exactly
     * one JSON value, which raw text embedded in a frame must be), or {@code null} when it can.
     *
     * @throws IllegalArgumentException if the function is not a Python function
     */
    public static ExecutionResult refuse(ExecutionRequest request) {
        java.util.Objects.requireNonNull(request, "request");
        if (request.function().spec().runtime() != io.faas.api.FunctionRuntime.PYTHON) {
            throw new IllegalArgumentException("function '" + request.function().name() + "' is not a Python function");
        }
        java.util.Optional<String> invalid = io.faas.core.internal.json.Json.problemUnlessChecked(request.event().payload());
        if (invalid.isEmpty()) {
            return null;
        }
        java.time.Instant now = java.time.Instant.now();
        return ExecutionResult.failed(InvocationError.of("InvalidEventPayload",
                "event payload is not valid JSON: " + invalid.get()), "", false, false, now, now);
    }

    /**
     * Reads a reply frame (without its length header).
     *
     * @throws JacksonException if it is not a JSON object
     * @throws IllegalArgumentException if it lacks what every reply has
     */
    public static Reply parse(byte[] frame) {
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
        Map<Integer, InvocationError> itemErrors = Map.of();
        JsonNode items = node.get("item_errors");
        if (items != null && items.isArray()) {
            itemErrors = new java.util.HashMap<>();
            for (JsonNode item : items) { // [index, {type, message, traceback}]
                JsonNode e = item.path(1);
                itemErrors.put(item.path(0).asInt(-1), new InvocationError(e.path("type").asString("Error"),
                        e.path("message").asString(""), e.path("traceback").asString("")));
            }
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
                node.path("loaded").asBoolean(false),
                itemErrors);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }
}
