package io.faas.api;

/**
 * Names of the headers the dispatcher sets on a record it sends to the dead-letter topic (an
 * event whose function failed every attempt). The record's key and value are the event's; every
 * header value is UTF-8 text. Like spring-kafka's {@code KafkaHeaders.DLT_*}, these are the
 * contract a dead-letter consumer codes against.
 *
 * @since 0.2
 */
public final class DeadLetterHeaders {

    /** Id of the event ({@link Event#ID_HEADER}). */
    public static final String EVENT_ID = Event.ID_HEADER;
    /** Name of the function that failed. */
    public static final String FUNCTION = "faas-function";
    /** Version of the function that failed, as a decimal number. */
    public static final String FUNCTION_VERSION = "faas-function-version";
    /** Final status of the invocation: {@code FAILED} or {@code TIMED_OUT}. */
    public static final String STATUS = "faas-status";
    /** {@link InvocationError#type()} of the last attempt. */
    public static final String ERROR_TYPE = "faas-error-type";
    /** {@link InvocationError#message()} of the last attempt, cut at {@link #ERROR_MESSAGE_LIMIT} characters. */
    public static final String ERROR_MESSAGE = "faas-error-message";
    /** Attempts made, as a decimal number. */
    public static final String ATTEMPTS = "faas-attempts";
    /** Topic the event was read from. */
    public static final String SOURCE_TOPIC = "faas-source-topic";
    /** Partition the event was read from, as a decimal number. */
    public static final String SOURCE_PARTITION = "faas-source-partition";
    /** Offset of the event in its partition, as a decimal number. */
    public static final String SOURCE_OFFSET = "faas-source-offset";

    /** Most characters of {@link #ERROR_MESSAGE}. */
    public static final int ERROR_MESSAGE_LIMIT = 4096;

    private DeadLetterHeaders() {
    }
}
