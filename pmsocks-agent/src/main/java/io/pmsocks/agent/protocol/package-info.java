/**
 * The proxy protocols as state machines over bytes, one per scheme: {@link
 * io.pmsocks.agent.protocol.Socks4Handshake} (socks4, SOCKS4a for a name), {@link
 * io.pmsocks.agent.protocol.Socks5Handshake} (socks5 and socks5h, RFC 1928 with RFC 1929
 * user name and password), {@link io.pmsocks.agent.protocol.HttpConnectHandshake} (http,
 * {@code CONNECT} with Basic authentication). They do no I/O, never block and throw no
 * {@code IOException}; the transports of {@code io.pmsocks.agent.transport} and the routes
 * move the bytes. They take plain values ({@link io.pmsocks.agent.protocol.Target}, a label
 * for messages, {@link io.pmsocks.agent.protocol.Credentials}), nothing of the configuration.
 *
 * <h2>The contract every transport relies on</h2>
 * <ul>
 *   <li>{@code step()} is SEND, RECEIVE or DONE. SEND: write {@code output()} until it has
 *       nothing remaining (its position is the transport's to advance). RECEIVE: read at
 *       most {@code wanted()} bytes and pass them to {@code receive(ByteBuffer)}; at end of
 *       stream call {@code endOfStream()}; on an I/O error of the connection, {@code
 *       brokeOff(message)}. DONE: {@code outcome()}.</li>
 *   <li>{@code wanted()} never exceeds what is left of the reply being read (SOCKS5 reads its
 *       reply as 5 bytes, then the rest its address type announces; HTTP asks for the fewest
 *       bytes that could still end the headers), and never more than {@code
 *       ProxyHandshake.LONGEST_READ}: a transport that reads no more than it asks for never
 *       takes the destination's first bytes, and needs one buffer of that size.</li>
 *   <li>{@code receive} consumes what the current reply needs and no more; given at most
 *       {@code wanted()} bytes it consumes them all unless the exchange ends on one of them.
 *       The next message is never queued before the server answered the previous one (no
 *       optimistic pipelining).</li>
 *   <li>An exchange may be DONE at once, before anything is sent (a destination the scheme
 *       cannot carry, a host name that cannot be encoded): a route checks {@code step()}
 *       before it connects to the server.</li>
 *   <li>{@link io.pmsocks.agent.protocol.Outcome}: GRANTED; REFUSED, final (an answer of the
 *       protocol, rejected or missing credentials, an authentication pmsocks does not speak);
 *       SERVER_FAILURE, the next server of an {@code @=} list may do better (not this
 *       protocol, malformed or short reply, connection broken off, a destination this scheme
 *       cannot carry). Its message names the server by the label, the destination and the
 *       protocol's code.</li>
 *   <li>Messages and debug text: {@code stage()} (for a timeout's message), {@code
 *       describeRequest()} and {@code describeReply()} (for debug lines) build their strings
 *       only when called, so the success path builds none while debug is off. No password
 *       appears in any of them, in an outcome or a {@code toString}; a message that held a
 *       password is zeroed once it has been sent.</li>
 *   <li>Not thread-safe: one exchange is driven by one party at a time.</li>
 * </ul>
 *
 * <h2>The four transports</h2>
 * <ol>
 *   <li><b>Blocking streams</b> of a {@code Socket}: {@code StreamTransport.run}, with a
 *       {@code BeforeRead} that sets {@code setSoTimeout} to what is left of the deadline
 *       before each read and throws {@code SocketTimeoutException} naming {@code stage()}
 *       when nothing is.</li>
 *   <li><b>Blocking {@code SocketChannel}</b>, no Selector: {@code ChannelTransport.run} over
 *       the channel's own blocking reads and writes. Those have no timeout; to bound them by
 *       the deadline, run {@code StreamTransport} over the channel's socket adaptor instead
 *       ({@code channel.socket().setSoTimeout(remaining)} and its streams: the JDK parks the
 *       read with that timeout, still no Selector, and an interrupt still closes the channel
 *       with {@code ClosedByInterruptException}), or close the channel at the deadline.</li>
 *   <li><b>Non-blocking {@code SocketChannel} on the application's selector</b> (the
 *       event-loop issue): {@code connect} starts the TCP connect to the proxy, creates the
 *       exchange, and returns {@code false}. Each readiness event of the application's key
 *       (seen in {@code SocketChannelImpl.translateReadyOps}, on the selector's thread) first
 *       completes the TCP connect, then calls {@code ChannelTransport.advance(exchange,
 *       io, buffer, BeforeRead.NOTHING)}, where {@code io} is a {@code ByteChannel} over the
 *       channel's file descriptor ({@code IOUtil.read/write}, "not yet" as 0, since the JDK
 *       refuses {@code read} on a channel that is not yet connected) and {@code buffer} a
 *       {@code ChannelTransport.newBuffer()} held with the exchange. The step it returns is
 *       the interest to set: SEND → POLLOUT, RECEIVE → POLLIN; DONE → a grant reports
 *       OP_CONNECT and lets {@code finishConnect} return {@code true}, anything else is kept
 *       as {@code outcome().toException()} for {@code finishConnect} to throw after closing
 *       the channel. {@code finishConnect} polled without a selector calls the same {@code
 *       advance}. Nothing waits and no thread or Selector is added; the state per
 *       connecting channel is the exchange and its 262-byte buffer, dropped at DONE. A
 *       channel registered with several selectors can see readiness on several threads: the
 *       route serialises the calls of one exchange (a lock per connecting channel).</li>
 *   <li><b>{@code AsynchronousSocketChannel}</b> (AsyncSockdRoute): once
 *       the connect to the proxy completes, {@code AsyncChannelTransport.start(exchange,
 *       channel, attachment, handler)} drives the exchange with the channel's own
 *       asynchronous reads and writes; its handler completes the application's future or
 *       handler on a grant, or closes the channel and fails it with {@code
 *       outcome().toException()}. No thread is blocked.</li>
 * </ol>
 */
package io.pmsocks.agent.protocol;
