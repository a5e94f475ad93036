/**
 * Remote execution over SSH: {@link io.faas.core.internal.remote.SshExecutor} runs Python
 * functions in warm workers on a pool of hosts, with the worker protocol of the local pool over
 * SSH exec channels. Internal: may change at any time; configure it with
 * {@link io.faas.core.SshPoolSettings}.
 */
package io.faas.core.internal.remote;
