package io.faas.api;

import java.util.List;
import java.util.Optional;

/**
 * Replays: a function version run again over a topic's retained events, as a named run with its
 * own records. Replays are deliberate and bounded: each has an end fixed when it starts, shows
 * its progress and can be cancelled; it reads with its own consumer, which joins no group, so the
 * live dispatcher's offsets never move. It runs on the instance that started it.
 *
 * @since 0.2
 */
public interface Replays {

    /**
     * Starts a replay.
     *
     * @throws TopicNotFoundException        if the topic is not registered
     * @throws FunctionNotFoundException     if the function or version does not exist
     * @throws InvocationStateException      if this instance's dispatcher is not running
     * @throws IllegalArgumentException      if the request is not acceptable
     */
    Replay start(ReplayRequest request);

    /** The replay, if it exists. */
    Optional<Replay> get(String id);

    /** Every replay, newest first. */
    List<Replay> list();

    /**
     * Asks the replay to stop; events already running finish and keep their records.
     *
     * @throws ReplayNotFoundException if there is no such replay
     */
    Replay cancel(String id);

    /**
     * The replay's records, newest first.
     *
     * @param cursor {@link InvocationPage#next()} of the previous page, or {@code null}
     * @throws ReplayNotFoundException if there is no such replay
     */
    InvocationPage invocations(String id, int limit, String cursor);
}
