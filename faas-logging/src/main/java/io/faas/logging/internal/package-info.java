/**
 * Quiet logs for faas-core and faas-testkit; not an API, may change in any release.
 */
package io.faas.logging.internal;
