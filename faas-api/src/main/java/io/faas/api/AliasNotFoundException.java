package io.faas.api;

/**
 * The function has no alias of that name.
 *
 * @since 0.2
 */
public class AliasNotFoundException extends FaasException {

    private static final long serialVersionUID = 1L;

    public AliasNotFoundException(String function, String alias) {
        super("function '" + function + "' has no alias '" + alias + "'");
    }
}
