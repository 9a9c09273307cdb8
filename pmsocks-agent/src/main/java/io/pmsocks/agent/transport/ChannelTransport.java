package io.pmsocks.agent.transport;

import io.pmsocks.agent.protocol.Outcome;
import io.pmsocks.agent.protocol.ProxyHandshake;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SocketChannel;

/**
 * Drives a protocol core over a byte channel, blocking or not, with no Selector of its own.
 *
 * <p>Blocking {@code SocketChannel}: one {@link #advance} runs the exchange to its end. A
 * blocking channel read has no timeout, so a route bounds it one of two ways: read through
 * the socket adaptor with {@link StreamTransport} instead ({@code channel.socket()
 * .setSoTimeout(remaining)} and its streams: the JDK parks the read with that timeout, still
 * without a Selector, and an interrupt still closes the channel with
 * {@code ClosedByInterruptException}); or close the channel when the deadline passes, which
 * ends the read with {@code AsynchronousCloseException}, rethrown here for the route to turn
 * into its {@code SocketTimeoutException}.
 *
 * <p>Non-blocking channel (the application's selector drives it, see package-info of
 * {@code io.pmsocks.agent.protocol}): each readiness event calls {@link #advance}, which does
 * what can be done without waiting and returns the step to wait for: SEND means OP_WRITE,
 * RECEIVE means OP_READ, DONE means the outcome is known. The channel can be any
 * {@link ByteChannel}: a route that must do I/O on a channel the JDK does not yet count as
 * connected wraps its low-level read and write in one.
 */
public final class ChannelTransport {

    private ChannelTransport() {
    }

    /** A buffer for {@link #advance}: one per exchange, reused across calls. */
    public static ByteBuffer newBuffer() {
        return ByteBuffer.allocate(ProxyHandshake.LONGEST_READ);
    }

    /**
     * Moves the exchange as far as the channel allows without waiting (a blocking channel:
     * to its end).
     *
     * @param buffer from {@link #newBuffer()}; holds nothing between calls
     * @param beforeRead called before every read
     * @return the step to wait for: {@code SEND} (writable), {@code RECEIVE} (readable), or
     *     {@code DONE} ({@link ProxyHandshake#outcome()} is set)
     * @throws ClosedChannelException when the channel was closed under the exchange (by an
     *     interrupt, {@code ClosedByInterruptException}, or by another thread or a deadline,
     *     {@code AsynchronousCloseException}): the route decides what that means
     * @throws IOException whatever {@code beforeRead} throws, and any I/O error that arrives
     *     while the thread is interrupted
     */
    public static ProxyHandshake.Step advance(ProxyHandshake exchange, ByteChannel channel,
            ByteBuffer buffer, BeforeRead beforeRead) throws IOException {
        while (true) {
            switch (exchange.step()) {
                case SEND:
                    ByteBuffer output = exchange.output();
                    try {
                        channel.write(output);
                    } catch (ClosedChannelException e) {
                        throw e;
                    } catch (IOException e) {
                        StreamTransport.brokeOff(exchange, e);
                        return ProxyHandshake.Step.DONE;
                    }
                    if (output.hasRemaining()) {
                        return ProxyHandshake.Step.SEND;
                    }
                    break;
                case RECEIVE:
                    beforeRead.beforeRead(exchange);
                    buffer.clear().limit(exchange.wanted());
                    int n;
                    try {
                        n = channel.read(buffer);
                    } catch (ClosedChannelException e) {
                        throw e;
                    } catch (IOException e) {
                        StreamTransport.brokeOff(exchange, e);
                        return ProxyHandshake.Step.DONE;
                    }
                    if (n < 0) {
                        exchange.endOfStream();
                        return ProxyHandshake.Step.DONE;
                    }
                    if (n == 0) {
                        return ProxyHandshake.Step.RECEIVE;
                    }
                    buffer.flip();
                    exchange.receive(buffer);
                    break;
                default:
                    return ProxyHandshake.Step.DONE;
            }
        }
    }

    /**
     * Runs the exchange to its end on a blocking channel.
     *
     * @throws IllegalBlockingModeException for a non-blocking channel
     * @see #advance
     */
    public static Outcome run(ProxyHandshake exchange, SocketChannel channel,
            BeforeRead beforeRead) throws IOException {
        if (!channel.isBlocking()) {
            throw new IllegalBlockingModeException();
        }
        advance(exchange, channel, newBuffer(), beforeRead);
        return exchange.outcome();
    }
}
