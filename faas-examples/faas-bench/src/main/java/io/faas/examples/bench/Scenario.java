package io.faas.examples.bench;

import java.util.List;

/**
 * One benchmark scenario: measures something and returns one {@link Result} per reported figure.
 * Add a scenario by implementing this and listing it in {@link Main#SCENARIOS}.
 *
 * @since 0.1
 */
public interface Scenario {

    /** Short dotted name, used by {@code --only}. */
    String name();

    /** Runs the measurements; a quick run of every scenario takes about 4 minutes in all on 2 cores. */
    List<Result> run(RunOptions options) throws Exception;

    /**
     * What every scenario sees.
     *
     * @param quick whether to run fewer rounds and events (the whole quick run takes about 4 minutes)
     * @param env   the embedded servers, started on first use
     */
    record RunOptions(boolean quick, BenchEnv env) {

        /** {@code quick} when quick, else {@code full}. */
        int pick(int quickValue, int fullValue) {
            return quick ? quickValue : fullValue;
        }
    }
}
