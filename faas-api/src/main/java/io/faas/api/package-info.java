/**
 * The faas contract: registries of functions and topics, the event publisher, the dispatcher,
 * the invocation ledger, their records and exceptions. Plain Java only; implementations live in
 * {@code faas-core}.
 *
 * @since 0.1
 */
package io.faas.api;
