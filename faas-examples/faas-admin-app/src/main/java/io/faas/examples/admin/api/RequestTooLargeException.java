package io.faas.examples.admin.api;

import java.io.IOException;

/** A request body went past {@link RequestSizeLimit}'s cap while it was being read. */
class RequestTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    RequestTooLargeException(long limit) {
        super("the request body is over the limit of " + limit + " bytes");
    }
}
