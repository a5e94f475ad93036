package io.faas.examples.admin.api;

import io.faas.api.FunctionNotFoundException;
import io.faas.api.Invocation;
import io.faas.api.InvocationNotFoundException;
import io.faas.api.InvocationPage;
import io.faas.api.InvocationQuery;
import io.faas.api.InvocationStateException;
import io.faas.api.InvocationStatus;
import io.faas.core.FaasClient;
import io.faas.examples.admin.api.Views.InvocationView;
import io.faas.examples.admin.api.Views.PageView;
import io.faas.examples.admin.security.Callers;
import io.faas.examples.admin.security.PublishedEvents;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code /api/invocations}: the invocation ledger, newest first, and redrive of failed runs. */
@RestController
@RequestMapping("/api/invocations")
class InvocationController {

    /** Cursors of a publisher's listing: how many of its events, newest first, the earlier pages covered. */
    private static final String PUBLISHER_CURSOR = "p";

    private final FaasClient faas;
    private final ObjectMapper json;
    private final PublishedEvents published;

    InvocationController(FaasClient faas, ObjectMapper json, PublishedEvents published) {
        this.faas = faas;
        this.json = json;
        this.published = published;
    }

    @GetMapping
    PageView query(@RequestParam(required = false) String function, @RequestParam(required = false) String topic,
                   @RequestParam(required = false) String status, @RequestParam(required = false) String eventId,
                   @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                   @RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
        InvocationQuery.Builder query = builder(function, topic, status, eventId, from, to, limit);
        Optional<String> publisher = Callers.publisher();
        if (publisher.isPresent()) {
            return publishers(query, publisher.get(), blankToNull(cursor));
        }
        InvocationPage page = faas.invocations().query(query.cursor(blankToNull(cursor)).build());
        return new PageView(page.items().stream().map(i -> InvocationView.of(i, json)).toList(), page.nextCursor());
    }

    /** The query of the request's parameters, each checked (400 in the API's words). */
    InvocationQuery.Builder builder(String function, String topic, String status, String eventId, String from,
                                    String to, String limit) {
        return InvocationQuery.builder()
                .function(blankToNull(function))
                .topic(blankToNull(topic))
                .status(status(status))
                .eventId(blankToNull(eventId))
                .from(instant(from, "from"))
                .to(instant(to, "to"))
                .limit(limit(limit));
    }

    /**
     * A publisher's view of the ledger: only the invocations of the events it published. With an
     * {@code eventId}, that event's (none if it is another's); without, the invocations of its
     * {@code limit} newest events, the next page the events before those.
     */
    private PageView publishers(InvocationQuery.Builder query, String publisher, String cursor) {
        InvocationQuery q = query.build();
        if (q.eventId() != null) {
            if (!published.isOwn(q.eventId(), publisher)) {
                return new PageView(List.of(), null);
            }
            InvocationPage page = faas.invocations().query(query.cursor(cursor).build());
            return new PageView(page.items().stream().map(i -> InvocationView.of(i, json)).toList(), page.nextCursor());
        }
        int skip = publisherCursor(cursor);
        List<String> events = published.newest(publisher, skip, q.limit());
        List<Invocation> items = new ArrayList<>();
        for (String eventId : events) {
            items.addAll(faas.invocations().query(q.toBuilder().eventId(eventId).limit(InvocationQuery.MAX_LIMIT)
                    .build()).items());
        }
        items.sort(Comparator.comparing(Invocation::queuedAt).reversed());
        return new PageView(items.stream().map(i -> InvocationView.of(i, json)).toList(),
                events.size() == q.limit() ? PUBLISHER_CURSOR + (skip + events.size()) : null);
    }

    private static int publisherCursor(String cursor) {
        if (cursor == null) {
            return 0;
        }
        try {
            if (cursor.startsWith(PUBLISHER_CURSOR)) {
                return Math.max(0, Integer.parseInt(cursor.substring(PUBLISHER_CURSOR.length())));
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("'cursor' is not one this API returned: " + Requests.shown(cursor));
    }

    @GetMapping("/{id}")
    InvocationView get(@PathVariable String id) {
        Optional<String> publisher = Callers.publisher();
        return InvocationView.of(faas.invocations().find(id)
                .filter(i -> publisher.isEmpty() || published.isOwn(i.eventId(), publisher.get()))
                .orElseThrow(() -> new InvocationNotFoundException(Requests.shown(id))), json);
    }

    /** Runs a FAILED or TIMED_OUT invocation again; 202 with the record as it is now (RUNNING). */
    @PostMapping("/{id}/redrive")
    @ResponseStatus(HttpStatus.ACCEPTED)
    InvocationView redrive(@PathVariable String id) {
        try {
            return InvocationView.of(faas.dispatcher().redrive(id), json);
        } catch (FunctionNotFoundException e) {
            throw new InvocationStateException("invocation '" + Requests.shown(id) + "' cannot be redriven: its function '"
                    + e.function() + "' was deleted");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static InvocationStatus status(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return InvocationStatus.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status '" + Requests.shown(text) + "' is not one of "
                    + Arrays.toString(InvocationStatus.values()));
        }
    }

    static Instant instant(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + field + "' must be an instant such as 2026-01-31T12:00:00Z, not '"
                    + Requests.shown(text) + "'");
        }
    }

    static int limit(String text) {
        if (text == null || text.isBlank()) {
            return InvocationQuery.DEFAULT_LIMIT;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'limit' must be a whole number from 1 to " + InvocationQuery.MAX_LIMIT
                    + ", not '" + Requests.shown(text) + "'");
        }
    }
}
