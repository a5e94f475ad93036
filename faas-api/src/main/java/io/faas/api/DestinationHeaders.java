package io.faas.api;

/**
 * Names of the headers on a record the dispatcher sends to a function's destination
 * ({@link Destinations}). Every value is UTF-8 text. A function triggered by the record sees them
 * in {@link Event#headers()}; the dispatcher reads {@link #HOPS} and {@link #ROOT_EVENT_ID} from
 * them to follow a chain.
 *
 * @since 0.2
 */
public final class DestinationHeaders {

    /**
     * Id of the destination record itself ({@link Event#ID_HEADER}): derived from the causing event
     * and the function, so a record sent again after a crash has the same id.
     */
    public static final String EVENT_ID = Event.ID_HEADER;
    /** Id of the event whose invocation produced the record. */
    public static final String CAUSE_EVENT_ID = "faas-cause-event-id";
    /** Id of the event that started the chain: the first event, published from outside. */
    public static final String ROOT_EVENT_ID = "faas-root-event-id";
    /** Name of the function whose outcome the record is. */
    public static final String FUNCTION = DeadLetterHeaders.FUNCTION;
    /** Version of that function, as a decimal number. */
    public static final String FUNCTION_VERSION = DeadLetterHeaders.FUNCTION_VERSION;
    /** Final status of the invocation: {@code SUCCEEDED}, {@code FAILED} or {@code TIMED_OUT}. */
    public static final String STATUS = DeadLetterHeaders.STATUS;
    /**
     * Records between the root event and this one, as a decimal number: 1 for a destination record
     * of a published event's invocation, one more at each step of a chain.
     */
    public static final String HOPS = "faas-hops";

    private DestinationHeaders() {
    }
}
