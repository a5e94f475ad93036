package io.faas.examples.admin.api;

import io.faas.api.EventFilter;
import io.faas.api.InvalidFilterException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/filters/test}: the dry run of a content filter. Matches a pattern against
 * events without storing or publishing anything, as the dispatcher would.
 */
@RestController
class FilterController {

    /** Most events one dry run takes. */
    static final int MAX_EVENTS = 1000;

    /**
     * {@code events}: each the JSON payload of one event; an object may also carry the event's key
     * as {@code "$key"} (text) and its headers as {@code "$headers"} (an object of texts), which
     * the pattern matches through the same reserved fields.
     */
    record FilterTest(Object filter, List<Object> events) {
    }

    record FilterTestResult(List<Boolean> matches) {
    }

    @PostMapping("/api/filters/test")
    FilterTestResult test(@RequestBody FilterTest request) {
        Requests.require(request, "a JSON object with a filter and the events to match");
        if (request.filter() == null) {
            throw new IllegalArgumentException("'filter' is required: an EventBridge pattern as a JSON object");
        }
        EventFilter filter = filter(request.filter(), "filter");
        if (filter == null) {
            filter = EventFilter.of(Map.of()); // the empty pattern: every event
        }
        List<Object> events = request.events() == null ? List.of() : request.events();
        if (events.size() > MAX_EVENTS) {
            throw new IllegalArgumentException("'events' has " + events.size() + " events; a dry run takes at most "
                    + MAX_EVENTS);
        }
        List<Boolean> matches = new ArrayList<>(events.size());
        for (Object event : events) {
            matches.add(filter.matches(event));
        }
        return new FilterTestResult(matches);
    }

    /**
     * A filter as the request gave it, compiled: {@code null} for none or the empty pattern, else a JSON object.
     *
     * @param at where the filter is in the request, to name it in the message
     * @throws InvalidFilterException naming the part of the pattern at fault, under {@code at}
     */
    @SuppressWarnings("unchecked")
    static EventFilter filter(Object filter, String at) {
        if (filter == null || filter instanceof Map<?, ?> empty && empty.isEmpty()) {
            return null;
        }
        if (!(filter instanceof Map<?, ?> map)) {
            throw new InvalidFilterException(at, "must be a JSON object, an EventBridge pattern such as"
                    + " {\"type\": [\"created\"]}");
        }
        try {
            return EventFilter.of((Map<String, Object>) map);
        } catch (InvalidFilterException e) {
            throw e.under(at);
        }
    }
}
