/**
 * Service-provider interfaces: what an execution backend implements to run functions.
 *
 * @since 0.1
 */
package io.faas.api.spi;
