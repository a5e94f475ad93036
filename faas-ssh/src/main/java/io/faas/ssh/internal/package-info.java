/**
 * Remote execution over SSH: {@link io.faas.ssh.internal.SshExecutor} runs Python
 * functions in warm workers on a pool of hosts, with the worker protocol of the local pool over
 * SSH exec channels. Internal: may change at any time; configure it with
 * {@link io.faas.ssh.SshPoolSettings}.
 */
package io.faas.ssh.internal;
