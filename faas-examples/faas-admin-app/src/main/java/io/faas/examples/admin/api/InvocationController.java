package io.faas.examples.admin.api;

import io.faas.api.FunctionNotFoundException;
import io.faas.api.InvocationNotFoundException;
import io.faas.api.InvocationPage;
import io.faas.api.InvocationQuery;
import io.faas.api.InvocationStateException;
import io.faas.api.InvocationStatus;
import io.faas.core.FaasClient;
import io.faas.examples.admin.api.Views.InvocationView;
import io.faas.examples.admin.api.Views.PageView;
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
import java.util.Arrays;
import java.util.Locale;

/** {@code /api/invocations}: the invocation ledger, newest first, and redrive of failed runs. */
@RestController
@RequestMapping("/api/invocations")
class InvocationController {

    private final FaasClient faas;
    private final ObjectMapper json;

    InvocationController(FaasClient faas, ObjectMapper json) {
        this.faas = faas;
        this.json = json;
    }

    @GetMapping
    PageView query(@RequestParam(required = false) String function, @RequestParam(required = false) String topic,
                   @RequestParam(required = false) String status, @RequestParam(required = false) String eventId,
                   @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                   @RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
        InvocationQuery query = InvocationQuery.builder()
                .function(blankToNull(function))
                .topic(blankToNull(topic))
                .status(status(status))
                .eventId(blankToNull(eventId))
                .from(instant(from, "from"))
                .to(instant(to, "to"))
                .limit(limit(limit))
                .cursor(blankToNull(cursor))
                .build();
        InvocationPage page = faas.invocations().query(query);
        return new PageView(page.items().stream().map(i -> InvocationView.of(i, json)).toList(), page.nextCursor());
    }

    @GetMapping("/{id}")
    InvocationView get(@PathVariable String id) {
        return InvocationView.of(faas.invocations().find(id)
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

    private static Instant instant(String text, String field) {
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

    private static int limit(String text) {
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
