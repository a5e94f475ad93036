package io.faas.examples.admin.api;

import io.faas.api.Event;
import io.faas.api.Invocation;
import io.faas.api.PayloadTooLargeException;
import io.faas.api.PublishReceipt;
import io.faas.core.FaasClient;
import io.faas.core.FaasSettings;
import io.faas.examples.admin.api.Views.AwaitedView;
import io.faas.examples.admin.api.Views.InvocationView;
import io.faas.examples.admin.api.Views.ReceiptView;
import io.faas.examples.admin.security.Callers;
import io.faas.examples.admin.security.PublishedEvents;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code POST /api/topics/{name}/events}: publishes an event, and optionally waits for its invocations. */
@RestController
class EventController {

    /** Longest {@code ?wait=} accepted. */
    static final Duration MAX_WAIT = Duration.ofMinutes(5);

    private final FaasClient faas;
    private final FaasSettings settings;
    private final ObjectMapper json;
    private final PublishedEvents published;

    EventController(FaasClient faas, FaasSettings settings, ObjectMapper json, PublishedEvents published) {
        this.faas = faas;
        this.settings = settings;
        this.json = json;
        this.published = published;
    }

    /**
     * The body is the event: any JSON value, whatever the content type says. 202 with where it was
     * stored; with {@code ?wait=PT5S}, 200 once every function mapped to the topic has a final
     * record, or at the deadline with what exists by then ({@code complete: false}).
     */
    @PostMapping("/api/topics/{name}/events")
    ResponseEntity<Object> publish(@PathVariable String name, HttpServletRequest request) throws IOException {
        // The body first: asking for a parameter of a form-encoded request (curl -d without a
        // content type) would have the servlet container consume the body as form fields.
        String payload = body(request, settings.maxPayloadBytes());
        MultiValueMap<String, String> query = UriComponentsBuilder.newInstance().query(request.getQueryString())
                .build().getQueryParams();
        String key = queryParam(query, "key");
        String wait = queryParam(query, "wait");
        Duration timeout = wait == null ? null : waitTime(wait);
        PublishReceipt receipt = faas.publisher().publish(Requests.topicName(name), key, payload, Map.of());
        // before the answer, so that the publisher can read the invocations as soon as it has the id
        Callers.publisher().ifPresent(p -> published.record(receipt.eventId(), receipt.topic(), p));
        if (timeout == null) {
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(ReceiptView.of(receipt));
        }
        List<Invocation> invocations = faas.publisher().await(receipt, timeout);
        long expected = startedFunctions(receipt, key, payload);
        return ResponseEntity.ok(new AwaitedView(receipt.eventId(), receipt.topic(), receipt.partition(),
                receipt.offset(), invocations.size() >= expected,
                invocations.stream().map(i -> InvocationView.of(i, json)).toList()));
    }

    /** How many functions the event starts: those on its topic whose content filter, if any, it passes. */
    private long startedFunctions(PublishReceipt receipt, String key, String payload) {
        Object decoded = json.readValue(payload, Object.class); // the publisher took it as JSON
        Map<String, String> headers = Map.of(Event.ID_HEADER, receipt.eventId());
        return faas.functions().functionsFor(receipt.topic()).stream()
                .filter(fv -> fv.spec().filterFor(receipt.topic()).map(f -> f.matches(decoded, key, headers))
                        .orElse(true))
                .count();
    }

    private static String queryParam(MultiValueMap<String, String> query, String name) {
        String raw = query.getFirst(name);
        return raw == null ? null : URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    private static Duration waitTime(String text) {
        Duration d = Requests.duration(text, "wait");
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_WAIT) > 0) {
            throw new IllegalArgumentException("'wait' must be more than zero and at most " + MAX_WAIT + ": " + text);
        }
        return d;
    }

    /** Reads at most {@code limit} bytes of UTF-8; more is refused without reading it all. */
    private static String body(HttpServletRequest request, long limit) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw new PayloadTooLargeException("event payload", declared, limit);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (InputStream in = request.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
                if (out.size() > limit) {
                    throw new PayloadTooLargeException("event payload", out.size(), limit);
                }
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new io.faas.api.InvalidEventException("event payload is not UTF-8 text");
        }
    }
}
