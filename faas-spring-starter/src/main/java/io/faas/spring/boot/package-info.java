/**
 * What a Spring Boot application codes against: {@link io.faas.spring.boot.FaasFunction} to
 * declare Java functions as beans.
 *
 * @since 0.1
 */
package io.faas.spring.boot;
