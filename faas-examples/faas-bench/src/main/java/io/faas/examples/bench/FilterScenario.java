package io.faas.examples.bench;

import io.faas.api.EventFilter;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

/**
 * What a content filter costs the dispatcher per event: matching a decoded payload against three
 * compiled patterns (exact values and a numeric range, a nested prefix and anything-but, an
 * {@code $or} with the key and headers), against decoding the same payload from JSON, which the
 * dispatcher does once per event of a topic with filters. Both on the calling thread, alternating
 * per round; each round reports nanoseconds per event.
 */
final class FilterScenario implements Scenario {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final String PAYLOAD = "{\"type\": \"created\", \"amount\": 150.5, \"currency\": \"EUR\","
            + " \"customer\": {\"id\": \"c-42\", \"tier\": \"gold\", \"region\": \"eu-west-1\"},"
            + " \"items\": [{\"sku\": \"a-1\", \"qty\": 2}, {\"sku\": \"b-7\", \"qty\": 1}], \"note\": null}";
    private static final Map<String, String> HEADERS = Map.of("source", "web", "faas-event-id", "e-1");

    /** Defeats dead-code elimination of the measured loops. */
    private static volatile long sink;

    @Override
    public String name() {
        return "filter";
    }

    @Override
    public List<Result> run(RunOptions options) {
        List<EventFilter> filters = List.of(
                EventFilter.of(pattern("{\"type\": [\"created\", \"updated\"], \"amount\": [{\"numeric\": [\">\", 100,"
                        + " \"<=\", 1000]}]}")),
                EventFilter.of(pattern("{\"customer\": {\"region\": [{\"prefix\": \"eu-\"}], \"tier\":"
                        + " [{\"anything-but\": [\"free\", \"trial\"]}]}, \"items\": {\"sku\": [{\"wildcard\": \"b-*\"}]}}")),
                EventFilter.of(pattern("{\"$or\": [{\"$key\": [{\"prefix\": \"vip-\"}]}, {\"$headers\": {\"source\":"
                        + " [\"web\"]}}], \"note\": [{\"exists\": true}]}")));
        Object payload = MAPPER.readValue(PAYLOAD, Object.class);
        int rounds = options.pick(5, 15);
        int events = options.pick(200_000, 1_000_000);
        match(filters, payload, events); // warm-up, not counted
        decode(events / 10);
        double[] matching = new double[rounds];
        double[] decoding = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            matching[r] = match(filters, payload, events);
            decoding[r] = decode(events / 10);
        }
        return List.of(Result.paired("filter.match-3-patterns", "ns", matching, decoding,
                "decoding the same payload (" + PAYLOAD.length() + " bytes of JSON) once",
                Target.ratioAtMost(1.0),
                rounds + " rounds of " + events + " events (decoding: a tenth as many); three compiled patterns"
                        + " matched per event; ns per event"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> pattern(String json) {
        return MAPPER.readValue(json, Map.class);
    }

    private static double match(List<EventFilter> filters, Object payload, int events) {
        long matched = 0;
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            for (EventFilter f : filters) {
                if (f.matches(payload, "vip-7", HEADERS)) {
                    matched++;
                }
            }
        }
        long elapsed = System.nanoTime() - start;
        sink += matched;
        return (double) elapsed / events;
    }

    private static double decode(int events) {
        long start = System.nanoTime();
        long size = 0;
        for (int i = 0; i < events; i++) {
            size += ((Map<?, ?>) MAPPER.readValue(PAYLOAD, Object.class)).size();
        }
        long elapsed = System.nanoTime() - start;
        sink += size;
        return (double) elapsed / events;
    }
}
