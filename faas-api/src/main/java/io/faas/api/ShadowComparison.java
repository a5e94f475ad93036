package io.faas.api;

import java.util.List;

/**
 * A shadow version's records compared with the primary records of the same events (see
 * {@link Aliases#compareShadow}). A pair is the same when both succeeded with equal JSON results
 * (key order aside) or both failed with the same error type.
 *
 * @param function      the function
 * @param alias         the alias whose shadow it is
 * @param shadowVersion the shadow version compared
 * @param compared      pairs compared: shadow records whose event has a final primary record
 * @param same          pairs with the same outcome
 * @param different     pairs whose outcome differs
 * @param unpaired      shadow records whose primary record is missing or not final yet
 * @param primary       figures of the primary records of the compared pairs
 * @param shadow        figures of the shadow records of the compared pairs
 * @param differences   the differing pairs, newest first, at most {@link #MAX_DIFFERENCES}
 * @since 0.2
 */
public record ShadowComparison(String function, String alias, int shadowVersion, int compared, int same,
                               int different, int unpaired, Side primary, Side shadow, List<Difference> differences) {

    /** Most shadow records one comparison reads. */
    public static final int MAX_COMPARED = 10_000;
    /** Most differing pairs a comparison lists. */
    public static final int MAX_DIFFERENCES = 100;

    public ShadowComparison {
        differences = List.copyOf(differences);
    }

    /**
     * Figures of one side's records.
     *
     * @param versions   the versions that ran (the primary side has two under a canary)
     * @param records    records counted
     * @param failed     of them FAILED or TIMED_OUT
     * @param errorRate  {@code failed / records}, 0 when there are none
     * @param p50Millis  median duration (from the first attempt's start to the end), ms
     * @param p95Millis  95th percentile duration, ms
     */
    public record Side(List<Integer> versions, int records, int failed, double errorRate, long p50Millis,
                       long p95Millis) {
        public Side {
            versions = List.copyOf(versions);
        }
    }

    /**
     * An event whose primary and shadow outcomes differ.
     *
     * @param invocationId   id of both records (the primary's in the ledger, the shadow's apart)
     * @param eventId        the event
     * @param primaryVersion version of the primary record
     * @param primaryStatus  its status
     * @param primaryResult  its result JSON, or {@code null}
     * @param primaryError   its error type, or {@code null}
     * @param shadowStatus   the shadow record's status
     * @param shadowResult   its result JSON, or {@code null}
     * @param shadowError    its error type, or {@code null}
     */
    public record Difference(String invocationId, String eventId, int primaryVersion, InvocationStatus primaryStatus,
                             String primaryResult, String primaryError, InvocationStatus shadowStatus,
                             String shadowResult, String shadowError) {
    }
}
