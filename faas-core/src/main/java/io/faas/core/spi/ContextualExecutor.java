package io.faas.core.spi;

import io.faas.api.spi.FunctionExecutor;

/**
 * An executor that needs its client: a client calls {@link #bind(ExecutorContext)} once, before
 * {@link #start()}, on every such executor passed to it (an EC2 fleet scales on the backlog and
 * shares its launches through a lease).
 *
 * @since 0.2
 */
public interface ContextualExecutor extends FunctionExecutor {

    /**
     * Gives the executor its client's context.
     *
     * @throws IllegalStateException if it is already bound
     */
    void bind(ExecutorContext context);
}
