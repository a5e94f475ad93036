package io.faas.examples.admin.api;

import io.faas.api.Invocation;
import io.faas.api.InvocationPage;
import io.faas.api.InvocationQuery;
import io.faas.core.FaasClient;
import io.faas.examples.admin.api.Views.InvocationView;
import io.faas.examples.admin.security.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /api/invocations?q=text}: the ledger query of {@link InvocationController} narrowed to
 * the records whose result or error (type, message, traceback) contains {@code q}, ignoring case.
 * The ledger has no text index, so one request reads at most {@link #MAX_SCANNED} records, newest
 * first, and answers with at most {@code limit} matches among them and the cursor to read on from;
 * {@code complete} says whether it reached the end.
 */
@RestController
class InvocationSearchController {

    /** Most ledger records one search request reads. */
    static final int MAX_SCANNED = 5000;
    /** Records read per ledger page; a cursor counts in them, so it never changes. */
    static final int SCAN_PAGE = 200;
    /** Longest search text. */
    static final int MAX_TEXT = 200;

    record SearchView(List<InvocationView> items, String next, int scanned, boolean complete) {
    }

    private final InvocationController ledger;
    private final FaasClient faas;
    private final ObjectMapper json;

    InvocationSearchController(InvocationController ledger, FaasClient faas, ObjectMapper json) {
        this.ledger = ledger;
        this.faas = faas;
        this.json = json;
    }

    @GetMapping(path = "/api/invocations", params = "q")
    SearchView search(@RequestParam String q, @RequestParam(required = false) String function,
                      @RequestParam(required = false) String topic, @RequestParam(required = false) String status,
                      @RequestParam(required = false) String eventId, @RequestParam(required = false) String from,
                      @RequestParam(required = false) String to, @RequestParam(required = false) String limit,
                      @RequestParam(required = false) String cursor) {
        if (Callers.publisher().isPresent()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "a token of role 'publisher' may not do this:"
                    + " it reads the invocations of its own events by 'eventId', without 'q'");
        }
        String text = q.trim().toLowerCase(Locale.ROOT);
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("'q' is longer than " + MAX_TEXT + " characters");
        }
        InvocationQuery base = ledger.builder(function, topic, status, eventId, from, to, limit).build();
        int wanted = base.limit();
        Position at = Position.of(cursor);
        List<InvocationView> items = new ArrayList<>();
        int scanned = 0;
        while (true) {
            InvocationPage read = faas.invocations().query(base.toBuilder().limit(SCAN_PAGE).cursor(at.page()).build());
            List<Invocation> records = read.items();
            for (int n = at.skip(); n < records.size(); n++) {
                scanned++;
                if (text.isEmpty() || matches(records.get(n), text)) {
                    items.add(InvocationView.of(records.get(n), json));
                    if (items.size() == wanted) {
                        // the page's cursor and how many of its records are done: the next request reads on from there
                        Position next = n + 1 < records.size() ? new Position(at.page(), n + 1)
                                : read.nextCursor() == null ? null : new Position(read.nextCursor(), 0);
                        return new SearchView(items, next == null ? null : next.text(), scanned, next == null);
                    }
                }
            }
            if (read.nextCursor() == null) {
                return new SearchView(items, null, scanned, true);
            }
            at = new Position(read.nextCursor(), 0);
            if (scanned >= MAX_SCANNED) {
                return new SearchView(items, at.text(), scanned, false);
            }
        }
    }

    /**
     * Where a search goes on: a ledger page (its cursor, {@code null} for the first) and how many of
     * its records were read. As text {@code s<skip>:<ledger cursor>}.
     */
    private record Position(String page, int skip) {
        static Position of(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return new Position(null, 0);
            }
            int colon = cursor.indexOf(':');
            try {
                if (cursor.startsWith("s") && colon > 1) {
                    int skip = Integer.parseInt(cursor.substring(1, colon));
                    if (skip >= 0 && skip < SCAN_PAGE) {
                        String page = cursor.substring(colon + 1);
                        return new Position(page.isEmpty() ? null : page, skip);
                    }
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new IllegalArgumentException("'cursor' is not one this API returned: " + Requests.shown(cursor));
        }

        String text() {
            return "s" + skip + ":" + (page == null ? "" : page);
        }
    }

    private static boolean matches(Invocation i, String text) {
        return contains(i.result(), text) || i.error() != null && (contains(i.error().type(), text)
                || contains(i.error().message(), text) || contains(i.error().traceback(), text));
    }

    private static boolean contains(String field, String text) {
        return field != null && field.toLowerCase(Locale.ROOT).contains(text);
    }
}
