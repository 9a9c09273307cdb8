package io.pmsocks.agent.runtime;

import io.pmsocks.agent.protocol.Outcome;
import io.pmsocks.agent.protocol.ProxyHandshake;
import io.pmsocks.agent.protocol.Target;
import io.pmsocks.agent.transport.AsyncChannelTransport;
import io.pmsocks.config.Decision;
import io.pmsocks.config.Destination;
import io.pmsocks.config.SocksServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Connects an application's {@link AsynchronousSocketChannel} through sockd without blocking a
 * thread: the channel's own asynchronous connect to the server, then the protocol core driven
 * by the channel's own reads and writes ({@link AsyncChannelTransport}); the application's
 * handler or future learns the result on the channel group's threads. No timeout of its own:
 * the application's ({@code future.get(timeout)}, then a cancel or close) ends a stalled
 * exchange.
 *
 * <p><b>Failover.</b> As for channels (see {@link ChannelSockdRoute}): the JDK closes an
 * asynchronous channel whose connect failed, so an {@code @=} list is walked with probes, a
 * TCP connect of the agent's own to each server but the last, before the channel is committed
 * to one; from then on that server's answer is final.
 */
final class AsyncSockdRoute {

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final AsyncChannelInternals internals;
    private final ServerResolver resolver;
    private final DebugLog log;
    private final Handshakes handshakes;

    AsyncSockdRoute(AsyncChannelInternals internals, ServerResolver resolver, DebugLog log,
            Handshakes handshakes) {
        this.internals = internals;
        this.resolver = resolver;
        this.log = log;
        this.handshakes = handshakes;
    }

    /** Starts the connect and returns its future at once; {@code handler} may be null. */
    Future<Void> connect(AsynchronousSocketChannel channel, InetSocketAddress target,
            Destination destination, Decision.Sockd decision, Object attachment,
            CompletionHandler<Void, Object> handler) {
        Connect connect = new Connect(channel, target, destination, decision.servers(),
                attachment, handler);
        if (decision.servers().isEmpty()) {
            connect.failLater(ServerFailure.noServer(destination, decision.rule()));
        } else {
            connect.tryServer(0, true);
        }
        return connect.future;
    }

    /**
     * A connect refused before anything was sent (deny, no rule, a hung shell_cmd): the channel
     * is closed and the failure delivered as the JDK delivers its own, through the future or,
     * for a handler, on one of the group's threads.
     */
    static Future<Void> refused(AsynchronousSocketChannel channel, IOException refusal,
            Object attachment, CompletionHandler<Void, Object> handler) {
        AsyncConnectFuture future = new AsyncConnectFuture(channel);
        deliverFailure(channel, future, refusal, attachment, handler);
        return future;
    }

    /**
     * Fails the connect from the thread that started it. The contract wants a handler run by
     * one of the group's threads; the public way to get there is an operation that the JDK
     * fails through {@code Invoker}: a read of the closed channel, whose
     * ClosedChannelException is replaced by the connect's own failure.
     */
    private static void deliverFailure(AsynchronousSocketChannel channel,
            AsyncConnectFuture future, IOException failure, Object attachment,
            CompletionHandler<Void, Object> handler) {
        closeQuietly(channel);
        future.fail(failure);
        if (handler == null) {
            return;
        }
        channel.read(NOTHING, null, new CompletionHandler<Integer, Void>() {
            @Override
            public void completed(Integer count, Void ignored) {
                handler.failed(failure, attachment);
            }

            @Override
            public void failed(Throwable closed, Void ignored) {
                handler.failed(failure, attachment);
            }
        });
    }

    /** One connect's walk along the server list, then its exchange. */
    private final class Connect {
        final AsynchronousSocketChannel channel;
        final InetSocketAddress target;
        final Destination destination;
        final Target exchangeTarget;
        final List<SocksServer> servers;
        final Object attachment;
        final CompletionHandler<Void, Object> handler;
        final AsyncConnectFuture future;
        final List<String> failures = new ArrayList<>(0);

        Connect(AsynchronousSocketChannel channel, InetSocketAddress target,
                Destination destination, List<SocksServer> servers, Object attachment,
                CompletionHandler<Void, Object> handler) {
            this.channel = channel;
            this.target = target;
            this.destination = destination;
            this.exchangeTarget = Handshakes.target(destination);
            this.servers = servers;
            this.attachment = attachment;
            this.handler = handler;
            this.future = new AsyncConnectFuture(channel);
        }

        /**
         * Tries {@code servers[index]}: on the caller's thread for the first, on a group thread
         * after a failed probe.
         */
        void tryServer(int index, boolean fromCaller) {
            if (index == servers.size()) {
                failLater(ServerFailure.noneUsable(destination, failures));
                return;
            }
            SocksServer server = servers.get(index);
            ProxyHandshake exchange;
            try {
                exchange = handshakes.start(server, exchangeTarget);
            } catch (ConnectException unusableCredentials) {
                failLater(unusableCredentials);
                return;
            }
            if (exchange.step() == ProxyHandshake.Step.DONE) {
                Outcome outcome = exchange.outcome();
                if (outcome.isFinal()) {
                    failLater(outcome.toException());
                    return;
                }
                failures.add(outcome.message());
                tryServer(index + 1, fromCaller);
                return;
            }
            InetSocketAddress address;
            try {
                address = resolver.resolve(server);
            } catch (ConnectException unresolved) {
                failures.add(unresolved.getMessage());
                tryServer(index + 1, fromCaller);
                return;
            }
            if (index == servers.size() - 1) {
                connectChannel(server, exchange, address, fromCaller);
            } else {
                probe(index, server, exchange, address, fromCaller);
            }
        }

        /** A TCP connect of the agent's own: does this server accept connections at all? */
        private void probe(int index, SocksServer server, ProxyHandshake exchange,
                InetSocketAddress address,
                boolean fromCaller) {
            AsynchronousSocketChannel probe;
            try (AgentWork.Scope ignored = AgentWork.enter()) {
                probe = AsynchronousSocketChannel.open();
                probe.connect(address, null, new CompletionHandler<Void, Void>() {
                    @Override
                    public void completed(Void result, Void ignored) {
                        closeQuietly(probe);
                        connectChannel(server, exchange, address, false);
                    }

                    @Override
                    public void failed(Throwable failure, Void ignored) {
                        closeQuietly(probe);
                        serverFailed(server, exchange, failure);
                        tryServer(index + 1, false);
                    }
                });
            } catch (IOException | RuntimeException e) {
                serverFailed(server, exchange, e);
                tryServer(index + 1, fromCaller);
            }
        }

        private void serverFailed(SocksServer server, ProxyHandshake exchange,
                Throwable failure) {
            String message = failure instanceof IOException io
                    ? ServerFailure.connecting(exchange.label(), io).getMessage()
                    : exchange.label() + " could not be reached (" + failure + ")";
            failures.add(message);
            if (log.enabled()) {
                log.log(message + "; trying the next sockd");
            }
        }

        /** The application's channel to the server, with the JDK's own connect. */
        private void connectChannel(SocksServer server, ProxyHandshake exchange,
                InetSocketAddress address,
                boolean fromCaller) {
            try (AgentWork.Scope ignored = AgentWork.enter()) {
                channel.connect(address, null, new CompletionHandler<Void, Void>() {
                    @Override
                    public void completed(Void result, Void ignored) {
                        connected(exchange);
                    }

                    @Override
                    public void failed(Throwable failure, Void ignored) {
                        if (failure instanceof IOException io
                                && !(failure instanceof ClosedChannelException)) {
                            failures.add(ServerFailure.connecting(exchange.label(), io)
                                    .getMessage());
                            fail(ServerFailure.noneUsable(destination, failures));
                        } else {
                            fail(failure);
                        }
                    }
                });
            } catch (RuntimeException e) {
                // the JDK's own precondition (a connect already pending): thrown to the caller
                // as the JDK throws it, or, after a probe, the connect's failure
                if (fromCaller) {
                    throw e;
                }
                fail(e);
            }
        }

        private void connected(ProxyHandshake exchange) {
            if (log.enabled()) {
                try {
                    log.log(exchange.label() + ": connected from " + channel.getLocalAddress());
                } catch (IOException closed) {
                    // the exchange's first write will say so
                }
                log.log(exchange.describeRequest());
            }
            AsyncChannelTransport.start(exchange, channel, null,
                    new CompletionHandler<Outcome, Void>() {
                        @Override
                        public void completed(Outcome outcome, Void ignored) {
                            if (log.enabled()) {
                                log.log(exchange.describeReply());
                            }
                            if (outcome.granted()) {
                                internals.reportPeer(channel, target);
                                succeed();
                            } else if (outcome.isFinal()) {
                                fail(outcome.toException());
                            } else {
                                failures.add(outcome.message());
                                fail(ServerFailure.noneUsable(destination, failures));
                            }
                        }

                        @Override
                        public void failed(Throwable failure, Void ignored) {
                            fail(failure);
                        }
                    });
        }

        /** On a group thread: the application's handler runs here. */
        private void succeed() {
            future.succeed();
            if (handler != null) {
                handler.completed(null, attachment);
            }
        }

        /** On a group thread, after the channel's own operation failed. */
        private void fail(Throwable failure) {
            closeQuietly(channel);
            future.fail(failure);
            if (handler != null) {
                handler.failed(failure, attachment);
            }
        }

        /** A failure found before any operation of the channel's: delivered as the JDK would. */
        private void failLater(ConnectException failure) {
            deliverFailure(channel, future, failure, attachment, handler);
        }
    }

    private static void closeQuietly(AsynchronousSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the connect's failure is what the application must see
        }
    }
}
