/**
 * What the starter's packages share and a host app should not use: it may change in any release,
 * and the javadoc leaves it out.
 */
package io.faas.spring.boot.autoconfigure.internal;
