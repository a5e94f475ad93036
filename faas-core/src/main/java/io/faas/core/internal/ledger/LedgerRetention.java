package io.faas.core.internal.ledger;

import io.faas.api.Invocation;
import io.faas.core.internal.store.Documents;
import org.bson.Document;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * How long the ledger keeps a function's final records: the function's own
 * {@link io.faas.api.FunctionSpec#ledgerRetention()}, else the client's default. Records of a
 * function no longer registered get the default. Thread-safe if {@code ofFunction} is.
 */
public final class LedgerRetention {

    private final Duration defaultRetention;
    private final Function<String, Duration> ofFunction;

    /**
     * @param ofFunction the function's own retention by name, {@code null} when it has none
     */
    public LedgerRetention(Duration defaultRetention, Function<String, Duration> ofFunction) {
        this.defaultRetention = Objects.requireNonNull(defaultRetention, "defaultRetention");
        this.ofFunction = Objects.requireNonNull(ofFunction, "ofFunction");
    }

    /** The same retention for every function. */
    public static LedgerRetention fixed(Duration retention) {
        return new LedgerRetention(retention, function -> null);
    }

    public Duration of(String function) {
        Duration own = ofFunction.apply(function);
        return own != null ? own : defaultRetention;
    }

    /** The record's document with its expiry (see {@link Documents#invocationDocument(Invocation, Duration)}). */
    public Document document(Invocation invocation) {
        return Documents.invocationDocument(invocation, of(invocation.function()));
    }
}
