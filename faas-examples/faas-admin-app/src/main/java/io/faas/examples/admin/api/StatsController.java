package io.faas.examples.admin.api;

import io.faas.api.FunctionNotFoundException;
import io.faas.api.FunctionVersion;
import io.faas.api.Invocation;
import io.faas.api.InvocationPage;
import io.faas.api.InvocationQuery;
import io.faas.core.FaasClient;
import io.faas.examples.admin.api.InvocationStats.Bucket;
import io.faas.examples.admin.api.InvocationStats.Summary;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Invocation statistics read from the ledger: per function over a time window, in buckets for a
 * chart ({@code /api/functions/{name}/stats}), and a summary of every function ({@code /api/stats}).
 * At most {@link #MAX_RECORDS} records are read per function; {@code truncated} says when there were more.
 * {@code filtered} counts the events the function's content filters kept from it in the window (they
 * have no record), over every instance, to the minute.
 */
@RestController
class StatsController {

    /** Most ledger records read for one function's statistics. */
    static final int MAX_RECORDS = 10_000;
    static final Duration MAX_WINDOW = Duration.ofDays(31);
    static final int MAX_BUCKETS = 200;

    record FunctionStatsView(String function, Instant from, Instant to, long bucketSeconds, boolean truncated,
                             Instant lastInvocationAt, Summary totals, List<Bucket> buckets, long filtered) {
    }

    record FunctionSummaryView(String function, Instant lastInvocationAt, boolean truncated, Summary totals,
                               long filtered) {
    }

    record SummaryView(Instant from, Instant to, List<FunctionSummaryView> functions) {
    }

    private final FaasClient faas;

    StatsController(FaasClient faas) {
        this.faas = faas;
    }

    /** One function over {@code window} (default one hour) in {@code buckets} (default 30) equal slices. */
    @GetMapping("/api/functions/{name}/stats")
    FunctionStatsView function(@PathVariable String name, @RequestParam(required = false) String window,
                               @RequestParam(required = false) String buckets) {
        Duration w = window(window, Duration.ofHours(1));
        int count = buckets(buckets);
        if (faas.functions().get(name).isEmpty()) {
            throw new FunctionNotFoundException(Requests.shown(name));
        }
        Instant to = Instant.now();
        Instant from = to.minus(w);
        Records records = read(name, from, to);
        return new FunctionStatsView(name, from, to, Math.max(1, w.toSeconds() / count), records.truncated(),
                lastInvocation(name), InvocationStats.summarize(records.items()),
                InvocationStats.buckets(records.items(), from, to, count), faas.filteredEvents(name, from, to));
    }

    /** Every registered function over {@code window} (default 24 hours), by name. */
    @GetMapping("/api/stats")
    SummaryView summary(@RequestParam(required = false) String window) {
        Duration w = window(window, Duration.ofHours(24));
        Instant to = Instant.now();
        Instant from = to.minus(w);
        List<FunctionSummaryView> functions = new ArrayList<>();
        for (FunctionVersion fv : faas.functions().list()) {
            Records records = read(fv.name(), from, to);
            functions.add(new FunctionSummaryView(fv.name(), lastInvocation(fv.name()), records.truncated(),
                    InvocationStats.summarize(records.items()), faas.filteredEvents(fv.name(), from, to)));
        }
        return new SummaryView(from, to, functions);
    }

    private record Records(List<Invocation> items, boolean truncated) {
    }

    private Records read(String function, Instant from, Instant to) {
        List<Invocation> items = new ArrayList<>();
        InvocationQuery query = InvocationQuery.builder().function(function).from(from).to(to)
                .limit(InvocationQuery.MAX_LIMIT).build();
        while (true) {
            InvocationPage page = faas.invocations().query(query);
            items.addAll(page.items());
            if (page.nextCursor() == null) {
                return new Records(items, false);
            }
            if (items.size() >= MAX_RECORDS) {
                return new Records(items.subList(0, MAX_RECORDS), true);
            }
            query = query.toBuilder().cursor(page.nextCursor()).build();
        }
    }

    private Instant lastInvocation(String function) {
        List<Invocation> newest = faas.invocations().query(InvocationQuery.builder().function(function).limit(1)
                .build()).items();
        return newest.isEmpty() ? null : newest.get(0).queuedAt();
    }

    private static Duration window(String text, Duration otherwise) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        Duration d = Requests.duration(text, "window");
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("'window' must be more than zero and at most 31 days: " + Requests.shown(text));
        }
        return d;
    }

    private static int buckets(String text) {
        if (text == null || text.isBlank()) {
            return 30;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= MAX_BUCKETS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("'buckets' must be a whole number from 1 to " + MAX_BUCKETS + ", not '"
                + Requests.shown(text) + "'");
    }
}
