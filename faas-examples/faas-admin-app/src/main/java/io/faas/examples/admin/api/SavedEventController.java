package io.faas.examples.admin.api;

import io.faas.api.EventPublisher;
import io.faas.api.FunctionNotFoundException;
import io.faas.api.Names;
import io.faas.api.PayloadTooLargeException;
import io.faas.api.TopicNotFoundException;
import io.faas.core.FaasClient;
import io.faas.core.FaasSettings;
import io.faas.examples.admin.security.Callers;
import io.faas.examples.admin.security.SavedEvents;
import io.faas.examples.admin.security.SavedEvents.Kind;
import io.faas.examples.admin.security.SavedEvents.SavedEvent;
import io.faas.examples.admin.security.TokenAuthentication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code /api/saved-events}: named test events per function or topic (payload and optional key),
 * stored for the Publish page to send again, like Lambda's saved test events. Nothing is published here.
 */
@RestController
@RequestMapping("/api/saved-events")
class SavedEventController {

    /** Names: letters, digits, spaces and {@code . _ - ( )}, 1 to 64. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._()-]{0,63}");
    /** Most events one function or topic keeps. */
    static final int MAX_PER_TARGET = 100;
    /** Most events one listing returns. */
    static final int MAX_LIST = 1000;

    /** Body of {@code POST} (topic or function, name, payload) and {@code PUT} (name, payload, key). */
    record SavedEventRequest(String name, String topic, String function, JsonNode payload, String key) {
    }

    /** A saved event; {@code payload} is the JSON value itself. */
    record SavedEventView(String id, String name, String topic, String function, JsonNode payload, String key,
                          String savedBy, Instant createdAt, Instant updatedAt) {
    }

    private final SavedEvents saved;
    private final FaasClient faas;
    private final FaasSettings settings;
    private final ObjectMapper json;

    SavedEventController(SavedEvents saved, FaasClient faas, FaasSettings settings, ObjectMapper json) {
        this.saved = saved;
        this.faas = faas;
        this.settings = settings;
        this.json = json;
    }

    /** Every saved event, or those of {@code ?topic=} or {@code ?function=} (not both), by name. */
    @GetMapping
    List<SavedEventView> list(@RequestParam(required = false) String topic,
                              @RequestParam(required = false) String function) {
        boolean byTopic = topic != null && !topic.isBlank();
        boolean byFunction = function != null && !function.isBlank();
        if (byTopic && byFunction) {
            throw new IllegalArgumentException("give 'topic' or 'function', not both");
        }
        List<SavedEvent> events = byTopic ? saved.list(Kind.TOPIC, topic.trim(), MAX_LIST)
                : byFunction ? saved.list(Kind.FUNCTION, function.trim(), MAX_LIST) : saved.list(null, null, MAX_LIST);
        return events.stream().map(this::view).toList();
    }

    @GetMapping("/{id}")
    SavedEventView get(@PathVariable String id) {
        return view(existing(id));
    }

    @PostMapping
    ResponseEntity<SavedEventView> create(@RequestBody SavedEventRequest request, UriComponentsBuilder uri) {
        Requests.require(request, "a JSON object with the event's name, its topic or function, and its payload");
        String name = name(request.name());
        boolean toTopic = request.topic() != null && !request.topic().isBlank();
        boolean toFunction = request.function() != null && !request.function().isBlank();
        if (toTopic == toFunction) {
            throw new IllegalArgumentException("give the event's 'topic' or its 'function' (one of them)");
        }
        Kind kind = toTopic ? Kind.TOPIC : Kind.FUNCTION;
        String target = toTopic ? request.topic().trim() : request.function().trim();
        if (kind == Kind.TOPIC) {
            faas.topics().get(Requests.topicName(target)).orElseThrow(() -> new TopicNotFoundException(Requests.shown(target)));
        } else if (!Names.isValidFunctionName(target) || faas.functions().get(target).isEmpty()) {
            throw new FunctionNotFoundException(Requests.shown(target));
        }
        String payload = payload(request.payload());
        if (saved.count(kind, target) >= MAX_PER_TARGET) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "'" + target + "' has " + MAX_PER_TARGET
                    + " saved events, the most it keeps: delete one first");
        }
        try {
            SavedEvent created = saved.create(name, kind, target, payload, key(request.key()), who());
            return ResponseEntity.created(uri.path("/api/saved-events/{id}").build(created.id())).body(view(created));
        } catch (SavedEvents.DuplicateNameException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    /** Replaces the name, payload and key; the target stays. */
    @PutMapping("/{id}")
    SavedEventView update(@PathVariable String id, @RequestBody SavedEventRequest request) {
        Requests.require(request, "a JSON object with the event's name and payload");
        SavedEvent existing = existing(id);
        if (request.topic() != null && !request.topic().equals(existing.kind() == Kind.TOPIC ? existing.target() : null)
                || request.function() != null
                && !request.function().equals(existing.kind() == Kind.FUNCTION ? existing.target() : null)) {
            throw new IllegalArgumentException("a saved event keeps its topic or function: save a new one instead");
        }
        String name = name(request.name());
        String payload = payload(request.payload());
        try {
            return view(saved.update(existing, name, payload, key(request.key()), who()).orElseThrow(() -> notFound(id)));
        } catch (SavedEvents.DuplicateNameException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id) {
        if (!saved.delete(id)) {
            throw notFound(id);
        }
    }

    private SavedEvent existing(String id) {
        return saved.find(id).orElseThrow(() -> notFound(id));
    }

    private static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "there is no saved event '" + Requests.shown(id) + "'");
    }

    private static String name(String text) {
        String name = Requests.required(text, "name").trim();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'name' must be 1 to 64 letters, digits, spaces, '.', '_', '-', '(' or"
                    + " ')', starting with a letter or digit: '" + Requests.shown(name) + "'");
        }
        return name;
    }

    private String payload(JsonNode payload) {
        if (payload == null || payload.isMissingNode()) {
            throw new IllegalArgumentException("'payload' is required: the event as a JSON value, such as {\"n\": 1}");
        }
        String text = json.writeValueAsString(payload);
        long bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > settings.maxPayloadBytes()) {
            throw new PayloadTooLargeException("saved event payload", bytes, settings.maxPayloadBytes());
        }
        if (Views.depth(payload, 0) > EventPublisher.MAX_PAYLOAD_DEPTH) {
            throw new IllegalArgumentException("'payload' nests more than " + EventPublisher.MAX_PAYLOAD_DEPTH
                    + " levels deep, more than an event may");
        }
        return text;
    }

    private static String key(String key) {
        if (key == null || key.isEmpty()) {
            return null;
        }
        if (key.length() > 256) {
            throw new IllegalArgumentException("'key' is longer than 256 characters");
        }
        return key;
    }

    private static String who() {
        return Callers.current().map(TokenAuthentication::getName).orElse(Callers.ANONYMOUS);
    }

    private SavedEventView view(SavedEvent e) {
        return new SavedEventView(e.id(), e.name(), e.kind() == Kind.TOPIC ? e.target() : null,
                e.kind() == Kind.FUNCTION ? e.target() : null, json.readTree(e.payload()), e.key(), e.savedBy(),
                e.createdAt(), e.updatedAt());
    }
}
