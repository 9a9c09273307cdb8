package io.pmsocks.agent.transport;

import io.pmsocks.agent.protocol.Outcome;
import io.pmsocks.agent.protocol.ProxyHandshake;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;

/**
 * Drives a protocol core with an {@link AsynchronousSocketChannel}'s own reads and writes:
 * no thread waits; each completion starts the next operation on the channel group's threads.
 * Reads ask for no more than the core wants, so the channel is left at the destination's
 * first byte. No timeout of its own: the application's (a {@code Future.get} timeout, whose
 * cancel closes the channel) applies, and ends the pending operation with a
 * {@link ClosedChannelException}, delivered to {@code failed}.
 */
public final class AsyncChannelTransport {

    private AsyncChannelTransport() {
    }

    /**
     * Starts the exchange on a connected channel and returns at once.
     *
     * @param done {@code completed} with the outcome (granted, refused, or a server failure,
     *     a reset included); {@code failed} with a {@link ClosedChannelException} when the
     *     channel was closed under the exchange, or with what the channel threw otherwise
     *     (never an {@code IOException} of the connection itself: that is a server failure)
     */
    public static <A> void start(ProxyHandshake exchange, AsynchronousSocketChannel channel,
            A attachment, CompletionHandler<Outcome, ? super A> done) {
        new Driver<A>(exchange, channel, attachment, done).next();
    }

    private static final class Driver<A> implements CompletionHandler<Integer, Void> {

        private final ProxyHandshake exchange;
        private final AsynchronousSocketChannel channel;
        private final A attachment;
        private final CompletionHandler<Outcome, ? super A> done;
        private final ByteBuffer buffer = ByteBuffer.allocate(ProxyHandshake.LONGEST_READ);
        private boolean reading;

        Driver(ProxyHandshake exchange, AsynchronousSocketChannel channel, A attachment,
                CompletionHandler<Outcome, ? super A> done) {
            this.exchange = exchange;
            this.channel = channel;
            this.attachment = attachment;
            this.done = done;
        }

        /** Starts the operation the exchange needs, or reports its end. */
        void next() {
            try {
                switch (exchange.step()) {
                    case SEND:
                        reading = false;
                        channel.write(exchange.output(), null, this);
                        return;
                    case RECEIVE:
                        reading = true;
                        buffer.clear().limit(exchange.wanted());
                        channel.read(buffer, null, this);
                        return;
                    default:
                        done.completed(exchange.outcome(), attachment);
                        return;
                }
            } catch (RuntimeException e) {
                // ShutdownChannelGroupException, or a closed group: nothing more will complete
                done.failed(e, attachment);
            }
        }

        @Override
        public void completed(Integer count, Void ignored) {
            if (reading) {
                if (count < 0) {
                    exchange.endOfStream();
                } else {
                    buffer.flip();
                    exchange.receive(buffer);
                }
            }
            next(); // a partial write: SEND again with the rest
        }

        @Override
        public void failed(Throwable failure, Void ignored) {
            if (failure instanceof IOException && !(failure instanceof ClosedChannelException)) {
                exchange.brokeOff(String.valueOf(failure.getMessage()));
                done.completed(exchange.outcome(), attachment);
            } else {
                done.failed(failure, attachment);
            }
        }
    }
}
