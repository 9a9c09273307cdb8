/**
 * Thin drivers of the protocol cores of {@code io.pmsocks.agent.protocol}: they move bytes,
 * read no more than the core asks for, and know nothing of SOCKS or HTTP. Deadlines are the
 * routes' ({@link io.pmsocks.agent.transport.BeforeRead}); an I/O error of the connection
 * becomes the core's server failure, while timeouts, interrupts and a channel closed under
 * the exchange are rethrown for the route to name. The package-info of the protocol package
 * says how each kind of connect drives a core.
 */
package io.pmsocks.agent.transport;
