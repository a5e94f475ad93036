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

    /** Runs the measurements; {@code quick} runs must stay well under a minute. */
    List<Result> run(RunOptions options) throws Exception;

    /** Options every scenario sees. */
    record RunOptions(boolean quick) {
    }
}
