/**
 * Interfaces that faas's optional artifacts ({@code faas-validation}, {@code faas-ssh},
 * {@code faas-ec2}) and host apps implement to plug into a client.
 *
 * @since 0.2
 */
package io.faas.core.spi;
