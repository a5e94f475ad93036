package io.faas.api;

/**
 * How a topic's events are ordered when they run. Ordering always applies per function: two
 * functions on the same topic never wait for each other.
 *
 * @since 0.1
 */
public enum Ordering {
    /** Events with the same key run one after another, in offset order; other keys run in parallel. */
    KEY,
    /** Events of the same partition run one after another, in offset order. */
    PARTITION,
    /** Events run in parallel with no ordering guarantee. */
    NONE
}
