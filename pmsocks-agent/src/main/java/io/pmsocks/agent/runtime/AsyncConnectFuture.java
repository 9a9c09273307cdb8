package io.pmsocks.agent.runtime;

import java.io.IOException;
import java.nio.channels.AsynchronousSocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a routed {@code AsynchronousSocketChannel.connect(SocketAddress)} returns: done when the
 * proxy has answered (or the connect was refused), its failure the connect's exception.
 * Cancelling it closes the channel, which ends the exchange under way, as cancelling the
 * JDK's own connect future does; an application's {@code get(timeout)} followed by a cancel or
 * a close is how a stalled proxy is given up. A class of its own rather than a
 * {@code CompletableFuture}, whose public {@code complete} would let the application finish
 * the connect.
 */
final class AsyncConnectFuture implements Future<Void> {

    private final CompletableFuture<Void> result = new CompletableFuture<>();
    private final AsynchronousSocketChannel channel;

    AsyncConnectFuture(AsynchronousSocketChannel channel) {
        this.channel = channel;
    }

    void succeed() {
        result.complete(null);
    }

    void fail(Throwable failure) {
        result.completeExceptionally(failure);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (!result.cancel(mayInterruptIfRunning)) {
            return false;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // cancelled either way
        }
        return true;
    }

    @Override
    public boolean isCancelled() {
        return result.isCancelled();
    }

    @Override
    public boolean isDone() {
        return result.isDone();
    }

    @Override
    public Void get() throws InterruptedException, ExecutionException {
        return result.get();
    }

    @Override
    public Void get(long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return result.get(timeout, unit);
    }
}
