package io.pmsocks.agent.transport;

import io.pmsocks.agent.protocol.Outcome;
import io.pmsocks.agent.protocol.ProxyHandshake;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Drives a protocol core over a blocking socket's streams: each message in one write, each
 * read asking for no more than the core wants, so the stream is left at the first byte of
 * the destination's. Also serves a blocking {@code SocketChannel} through its socket
 * adaptor's streams, whose reads honour {@code setSoTimeout} (see {@link ChannelTransport}).
 */
public final class StreamTransport {

    private StreamTransport() {
    }

    /**
     * Runs the exchange to its end.
     *
     * @param beforeRead called before every read, to set the read timeout from the deadline
     * @return the outcome: granted, refused, or a server failure (a reset or a close
     *     included: the connection broke under the exchange)
     * @throws InterruptedIOException when a read timed out ({@link java.net.SocketTimeoutException})
     *     or was interrupted: the route turns it into its deadline's or interrupt's exception
     * @throws IOException whatever {@code beforeRead} throws, and any I/O error that arrives
     *     while the thread is interrupted
     */
    public static Outcome run(ProxyHandshake exchange, InputStream in, OutputStream out,
            BeforeRead beforeRead) throws IOException {
        byte[] buffer = null;
        while (true) {
            switch (exchange.step()) {
                case SEND:
                    ByteBuffer output = exchange.output();
                    try {
                        out.write(output.array(), output.arrayOffset() + output.position(),
                                output.remaining());
                        out.flush();
                    } catch (InterruptedIOException e) {
                        throw e;
                    } catch (IOException e) {
                        return brokeOff(exchange, e);
                    }
                    output.position(output.limit());
                    break;
                case RECEIVE:
                    if (buffer == null) {
                        buffer = new byte[ProxyHandshake.LONGEST_READ];
                    }
                    beforeRead.beforeRead(exchange);
                    int n;
                    try {
                        n = in.read(buffer, 0, exchange.wanted());
                    } catch (InterruptedIOException e) {
                        throw e;
                    } catch (IOException e) {
                        return brokeOff(exchange, e);
                    }
                    if (n < 0) {
                        return exchange.endOfStream();
                    }
                    exchange.receive(ByteBuffer.wrap(buffer, 0, n));
                    break;
                default:
                    return exchange.outcome();
            }
        }
    }

    /**
     * A reset or close under the exchange is the server's failure, unless the thread was
     * interrupted (a virtual thread's socket is closed by an interrupt): then it is the
     * application's doing and must not send the route to the next server.
     */
    static Outcome brokeOff(ProxyHandshake exchange, IOException e) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw e;
        }
        return exchange.brokeOff(String.valueOf(e.getMessage()));
    }
}
