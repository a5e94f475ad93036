/**
 * Public entry points of faas-core: factories and settings. Everything under
 * {@code io.faas.core.internal} may change at any time.
 *
 * @since 0.1
 */
package io.faas.core;
