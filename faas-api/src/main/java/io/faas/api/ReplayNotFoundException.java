package io.faas.api;

/**
 * No replay has the given id.
 *
 * @since 0.2
 */
public class ReplayNotFoundException extends FaasException {
    private static final long serialVersionUID = 1L;

    public ReplayNotFoundException(String id) {
        super("replay '" + id + "' does not exist");
    }
}
