/**
 * Python executors: the {@code faas_worker.py} worker protocol, the pool of persistent workers
 * and the process-per-event executor. Internal: may change at any time; use
 * {@link io.faas.core.FunctionExecutors}.
 */
package io.faas.core.internal.execution.python;
