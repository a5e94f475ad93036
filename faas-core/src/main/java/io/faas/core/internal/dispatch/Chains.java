package io.faas.core.internal.dispatch;

import io.faas.api.DestinationHeaders;
import io.faas.api.Event;
import io.faas.api.Invocation;

import java.util.Map;

/**
 * Where an event stands in a chain of destinations: the {@link DestinationHeaders} it carries. An
 * event without them (published from outside) is the root of its own chain, at hop 0.
 */
final class Chains {

    private Chains() {
    }

    /** Hops from the chain's root: the {@link DestinationHeaders#HOPS} header, 0 if absent or not a count. */
    static int hopsOf(Event event) {
        String hops = event.headers().get(DestinationHeaders.HOPS);
        if (hops == null || hops.isEmpty() || hops.length() > 9) {
            return 0;
        }
        for (int i = 0; i < hops.length(); i++) {
            if (hops.charAt(i) < '0' || hops.charAt(i) > '9') {
                return 0;
            }
        }
        return Integer.parseInt(hops);
    }

    /** Id of the event that started the event's chain: its root header, else its own id. */
    static String rootOf(Event event) {
        String root = event.headers().get(DestinationHeaders.ROOT_EVENT_ID);
        return root == null || root.isEmpty() ? event.id() : root;
    }

    /** The chain headers a redriven event needs to stand where the recorded one stood. */
    static Map<String, String> headersOf(Invocation recorded) {
        return recorded.hops() == 0 && recorded.rootEventId().equals(recorded.eventId()) ? Map.of()
                : Map.of(DestinationHeaders.ROOT_EVENT_ID, recorded.rootEventId(),
                        DestinationHeaders.HOPS, String.valueOf(recorded.hops()));
    }
}
