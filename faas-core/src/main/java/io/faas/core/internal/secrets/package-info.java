/**
 * Function secrets: the AES-256-GCM cipher that seals them at rest, its key, the executor
 * decorator that hands decrypted values to an attempt, and the redaction of its outcome.
 */
package io.faas.core.internal.secrets;
