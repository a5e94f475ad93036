package io.faas.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of ledger records, newest first.
 *
 * @param items      records of this page
 * @param nextCursor cursor of the next page, {@code null} on the last page
 * @since 0.1
 */
public record InvocationPage(List<Invocation> items, String nextCursor) {
    public InvocationPage {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
    }

    /** Cursor for {@link InvocationQuery#cursor()} to read the next page, empty on the last page. */
    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }
}
