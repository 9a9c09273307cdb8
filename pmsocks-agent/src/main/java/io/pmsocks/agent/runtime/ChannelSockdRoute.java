package io.pmsocks.agent.runtime;

import io.pmsocks.agent.protocol.Outcome;
import io.pmsocks.agent.protocol.ProxyHandshake;
import io.pmsocks.agent.protocol.Target;
import io.pmsocks.agent.transport.StreamTransport;
import io.pmsocks.config.Decision;
import io.pmsocks.config.Destination;
import io.pmsocks.config.SocksServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Connects an application's {@link SocketChannel} through sockd, blocking or not, with the
 * protocol core of the server's scheme ({@link Handshakes}). A blocking channel uses its own
 * blocking connect and reads, bounded by the deadline, and no Selector; when it returns, the
 * channel is connected and reports the destination as its peer. A non-blocking one starts the
 * TCP connect to the server and returns; the handshake then runs on the application's own
 * selectors ({@link SelectorConnect}), and the channel reports the destination from the
 * start.
 *
 * <p><b>Failover.</b> An {@code @=} list is walked only until the application's channel has a
 * TCP connection to one of its servers; from then on that server's answer is final. A server
 * that accepts and then answers badly (a short or malformed reply, a reset) ends the connect
 * with a {@code ConnectException} that names every server tried and what each did, and the
 * servers after it as not tried. The reasons, which hold for the blocking exchange here as
 * for the handshake driven by the application's own selector that replaces it for
 * non-blocking channels:
 * <ul>
 *   <li>A channel owns one descriptor for life: a TCP socket that has connected cannot
 *       connect elsewhere, and {@code SocketChannel} offers no way to give a channel another
 *       descriptor. A channel whose connect failed is closed by the JDK for good.</li>
 *   <li>The application's selectors hold the channel's keys, registered for that descriptor;
 *       a second socket behind the channel's back would have to be swapped into every
 *       selector's registrations and into the channel's state, under the JDK's locks: JDK
 *       internals far beyond the fields routing reads today, and a different race for every
 *       JDK.</li>
 *   <li>The alternative, a connection of the agent's own to the next server that the
 *       application's bytes would then be copied through, is the relay thread SPEC §3
 *       rules out.</li>
 * </ul>
 * Failures before the channel is connected still fail over: a server whose name does not
 * resolve, and a server that refuses or cannot be reached, which a TCP connect of the agent's
 * own (a probe, for each server but the last) finds out before the channel is committed to
 * it. A probe costs each such server one extra accepted connection; a non-blocking channel
 * needs no probe: after a failed TCP connect its descriptor connects to the next server
 * (Linux lets a socket whose connect failed connect again, and the JDK has not closed the
 * channel, since the failure was seen by the route, not by {@code finishConnect}).
 */
final class ChannelSockdRoute {

    private final ChannelInternals internals;
    private final ServerResolver resolver;
    private final DebugLog log;
    private final Handshakes handshakes;
    private final Map<SocketChannel, SelectorConnect> connecting;

    ChannelSockdRoute(ChannelInternals internals, ServerResolver resolver, DebugLog log,
            Handshakes handshakes, Map<SocketChannel, SelectorConnect> connecting) {
        this.connecting = connecting;
        this.internals = internals;
        this.resolver = resolver;
        this.log = log;
        this.handshakes = handshakes;
    }

    /**
     * Every failure closes the channel, as a failed connect does. A non-blocking channel only
     * starts its connect here ({@link SelectorConnect}); its {@code connect} returns
     * {@code false}, and no deadline of pmsocks applies to it.
     */
    void connect(SocketChannel channel, InetSocketAddress target, Destination destination,
            Decision.Sockd decision, Deadline deadline) throws IOException {
        if (!channel.isBlocking() && internals.handles(channel)) {
            if (decision.servers().isEmpty()) {
                closeQuietly(channel);
                throw ServerFailure.noServer(destination, decision.rule());
            }
            new SelectorConnect(channel, internals, resolver, handshakes, log, connecting,
                    destination, decision.servers()).start(target);
            return;
        }
        try {
            connectThroughServers(channel, target, destination, decision, deadline);
        } catch (IOException | RuntimeException | Error failure) {
            closeQuietly(channel);
            throw failure;
        }
    }

    private void connectThroughServers(SocketChannel channel, InetSocketAddress target,
            Destination destination, Decision.Sockd decision, Deadline deadline)
            throws IOException {
        List<SocksServer> servers = decision.servers();
        if (servers.isEmpty()) {
            throw ServerFailure.noServer(destination, decision.rule());
        }
        Target exchangeTarget = Handshakes.target(destination);
        List<String> failures = new ArrayList<>(0);
        for (int i = 0; i < servers.size(); i++) {
            SocksServer server = servers.get(i);
            boolean last = i == servers.size() - 1;
            try {
                ProxyHandshake exchange = handshakes.start(server, exchangeTarget);
                if (exchange.step() == ProxyHandshake.Step.DONE) {
                    SocketSockdRoute.conclude(exchange.outcome());
                }
                InetSocketAddress address = resolve(server);
                if (!last) {
                    probe(exchange, address, deadline);
                }
                Outcome outcome = exchangeBlocking(channel, exchange, address, deadline);
                if (log.enabled()) {
                    log.log(exchange.describeReply());
                }
                SocketSockdRoute.conclude(outcome);
                internals.reportPeer(channel, target);
                return;
            } catch (ServerFailure failure) {
                failures.add(failure.getMessage());
                if (!channel.isOpen()) {
                    break; // the failure was the channel's own: nothing left to connect with
                }
                if (channel.isConnected() && !last) {
                    failures.add(notTried(servers.subList(i + 1, servers.size()), server));
                    break;
                }
                if (log.enabled() && !last) {
                    log.log(failure.getMessage() + "; trying the next sockd");
                }
            }
        }
        throw ServerFailure.noneUsable(destination, failures);
    }

    /** The servers after {@code connected} in a list whose connect has become final. */
    private String notTried(List<SocksServer> rest, SocksServer connected) {
        StringBuilder labels = new StringBuilder();
        for (SocksServer server : rest) {
            labels.append(labels.length() == 0 ? "" : ", ").append(handshakes.label(server));
        }
        return labels + " not tried: the channel was connected to "
                + handshakes.label(connected) + ", and a channel connects only once";
    }

    private InetSocketAddress resolve(SocksServer server) throws ServerFailure {
        try {
            return resolver.resolve(server);
        } catch (ConnectException unresolved) {
            throw new ServerFailure(unresolved.getMessage());
        }
    }

    /** A TCP connect of the agent's own: does this server accept connections at all? */
    private void probe(ProxyHandshake exchange, InetSocketAddress address, Deadline deadline)
            throws IOException {
        try (AgentWork.Scope ignored = AgentWork.enter();
                SocketChannel probe = SocketChannel.open();
                Selector selector = Selector.open()) {
            probe.configureBlocking(false);
            connectWithin(probe, selector, exchange, address, deadline);
        }
    }

    /**
     * A blocking channel, without a Selector: the channel's own connect with the time left,
     * then the exchange over its socket adaptor's streams, whose reads honour the adaptor's
     * read timeout (set to what is left before each read). An interrupt closes the channel
     * and ends the connect with the JDK's {@code ClosedByInterruptException}.
     */
    private Outcome exchangeBlocking(SocketChannel channel, ProxyHandshake exchange,
            InetSocketAddress address, Deadline deadline) throws IOException {
        try (AgentWork.Scope ignored = AgentWork.enter()) {
            internals.blockingConnect(channel, address,
                    deadline.remainingNanos(ConnectStage.SERVER_CONNECT, exchange));
        } catch (SocketTimeoutException e) {
            throw deadline.expired(ConnectStage.SERVER_CONNECT, exchange);
        } catch (ClosedChannelException e) {
            throw e;
        } catch (SocketException e) {
            throw ServerFailure.connecting(exchange.label(), e);
        }
        if (log.enabled()) {
            log.log(exchange.label() + ": connected from " + channel.getLocalAddress());
            log.log(exchange.describeRequest());
        }
        Socket adaptor = channel.socket();
        int applicationTimeout = adaptor.getSoTimeout();
        Outcome outcome;
        try {
            outcome = StreamTransport.run(exchange, adaptor.getInputStream(),
                    adaptor.getOutputStream(), new SocketSockdRoute.ReadTimeout(adaptor, deadline));
        } catch (SocketTimeoutException e) {
            throw deadline.expired(ConnectStage.HANDSHAKE, exchange);
        }
        if (outcome.granted()) {
            adaptor.setSoTimeout(applicationTimeout);
        }
        return outcome;
    }

    /** The TCP connect of a non-blocking channel to a server, waited for on {@code selector}. */
    private static SelectionKey connectWithin(SocketChannel channel, Selector selector,
            ProxyHandshake exchange, InetSocketAddress address, Deadline deadline)
            throws IOException {
        SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
        try {
            boolean connected = channel.connect(address);
            while (!connected) {
                await(selector, key, deadline, ConnectStage.SERVER_CONNECT, exchange);
                connected = channel.finishConnect();
            }
        } catch (SocketException e) {
            throw ServerFailure.connecting(exchange.label(), e);
        }
        return key;
    }

    /** Waits until the key is ready, within the deadline; honours interruption. */
    private static void await(Selector selector, SelectionKey key, Deadline deadline,
            Deadline.Stage stage, ProxyHandshake exchange) throws IOException {
        while (true) {
            long timeout = deadline.remainingMillis(stage, exchange);
            int ready = selector.select(timeout);
            selector.selectedKeys().clear();
            if (Thread.currentThread().isInterrupted()) {
                throw new ClosedByInterruptException();
            }
            if (ready > 0 || !key.isValid()) {
                return;
            }
            if (deadline.isSet()) {
                deadline.remainingMillis(stage, exchange); // throws once out of time
            }
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the connect has failed already; that failure is what the application sees
        }
    }
}
