/**
 * The {@code faas} health indicator, when Spring Boot's health support is on the classpath.
 *
 * @since 0.1
 */
package io.faas.spring.boot.autoconfigure.health;
