package io.faas.api;

/**
 * An event payload or function source is over its size limit.
 *
 * @since 0.1
 */
public class PayloadTooLargeException extends InvalidEventException {
    private static final long serialVersionUID = 1L;
    private final long size;
    private final long limit;

    public PayloadTooLargeException(String what, long size, long limit) {
        super(what + " is " + size + " bytes, over the limit of " + limit + " bytes");
        this.size = size;
        this.limit = limit;
    }

    /** Size in bytes of what was refused. */
    public long size() {
        return size;
    }

    /** Limit in bytes that applies. */
    public long limit() {
        return limit;
    }
}
