package io.faas.api;

import java.util.List;

/**
 * An alias cannot be deleted while subscriptions of its function run it.
 *
 * @since 0.2
 */
public class AliasInUseException extends FaasException {

    private static final long serialVersionUID = 1L;

    private final List<String> topics;

    public AliasInUseException(String function, String alias, List<String> topics) {
        super("alias '" + alias + "' of function '" + function + "' is run by its subscriptions to topics " + topics
                + "; point them to another alias first");
        this.topics = List.copyOf(topics);
    }

    /** Topics whose subscriptions name the alias. */
    public List<String> topics() {
        return topics;
    }
}
