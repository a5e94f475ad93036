/**
 * Micrometer meters of faas, when Micrometer is on the classpath.
 *
 * @since 0.1
 */
package io.faas.spring.boot.autoconfigure.metrics;
