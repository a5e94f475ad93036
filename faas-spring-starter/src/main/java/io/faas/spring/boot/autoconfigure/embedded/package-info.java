/**
 * Embedded Kafka and MongoDB-compatible servers for development, when faas-testkit is on the
 * classpath and no servers are configured.
 *
 * @since 0.1
 */
package io.faas.spring.boot.autoconfigure.embedded;
