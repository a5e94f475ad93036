/**
 * Auto-configuration of remote execution: SSH pools ({@code faas.ssh.pools.*}, with faas-ssh on
 * the classpath) and EC2 fleets ({@code faas.ec2.fleets.*}, with faas-ec2), each handed to the
 * client as a {@link io.faas.spring.boot.autoconfigure.FaasExecutorGroup}.
 *
 * @since 0.2
 */
package io.faas.spring.boot.autoconfigure.remote;
