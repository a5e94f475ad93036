/**
 * Implementation details of the testkit. Not part of the public API: anything here may change
 * in any release.
 */
package io.faas.testkit.internal;
