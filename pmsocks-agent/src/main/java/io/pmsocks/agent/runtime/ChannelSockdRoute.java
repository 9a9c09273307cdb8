package io.pmsocks.agent.runtime;

import io.pmsocks.config.Decision;
import io.pmsocks.config.Destination;
import io.pmsocks.config.SocksServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Connects an application's {@link SocketChannel} through sockd, blocking or not: the TCP
 * connect to the server and the SOCKS4 exchange run on a private selector of the agent's own,
 * so the application's registrations and blocking mode are left as they were (a blocking
 * channel is non-blocking only for the exchange). When it returns, the channel is connected
 * and reports the destination as its peer; the caller's {@code connect} then returns
 * {@code true}, which the {@code connect}/{@code finishConnect} contract allows in both modes.
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
 * it. A probe costs each such server one extra accepted connection; the probe is the part of
 * this that a non-blocking handshake may replace (Linux lets a socket whose connect failed
 * connect again, before the JDK closes the channel).
 */
final class ChannelSockdRoute {

    private final ChannelInternals internals;
    private final ServerResolver resolver;
    private final DebugLog log;
    private final String user;
    private final byte[] userId;

    ChannelSockdRoute(ChannelInternals internals, ServerResolver resolver, DebugLog log,
            String user) {
        this.internals = internals;
        this.resolver = resolver;
        this.log = log;
        this.user = user;
        this.userId = Socks4Handshake.userId(user);
    }

    /** Every failure closes the channel, as a failed connect does. */
    void connect(SocketChannel channel, InetSocketAddress target, Destination destination,
            Decision.Sockd decision, Deadline deadline) throws IOException {
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
        byte[] request = Socks4Handshake.request(destination, userId, servers.get(0));
        List<String> failures = new ArrayList<>(0);
        for (int i = 0; i < servers.size(); i++) {
            SocksServer server = servers.get(i);
            boolean last = i == servers.size() - 1;
            try {
                InetSocketAddress address = resolve(server);
                if (!last) {
                    probe(server, address, destination, deadline);
                }
                exchange(channel, server, address, request, destination, deadline);
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
    private static String notTried(List<SocksServer> rest, SocksServer connected) {
        StringBuilder names = new StringBuilder();
        for (SocksServer server : rest) {
            names.append(names.length() == 0 ? "" : ", ").append(server);
        }
        return "sockd " + names + " not tried: the channel was connected to sockd " + connected
                + ", and a channel connects only once";
    }

    private InetSocketAddress resolve(SocksServer server) throws ServerFailure {
        try {
            return resolver.resolve(server);
        } catch (ConnectException unresolved) {
            throw new ServerFailure(unresolved.getMessage());
        }
    }

    /** A TCP connect of the agent's own: does this server accept connections at all? */
    private void probe(SocksServer server, InetSocketAddress address, Destination destination,
            Deadline deadline)
            throws IOException {
        try (AgentWork.Scope ignored = AgentWork.enter();
                SocketChannel probe = SocketChannel.open();
                Selector selector = Selector.open()) {
            probe.configureBlocking(false);
            connectWithin(probe, selector, server, address, destination, deadline);
        }
    }

    /** The TCP connect of a non-blocking channel to a server, waited for on {@code selector}. */
    private static SelectionKey connectWithin(SocketChannel channel, Selector selector,
            SocksServer server, InetSocketAddress address, Destination destination,
            Deadline deadline) throws IOException {
        SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
        try {
            boolean connected = channel.connect(address);
            while (!connected) {
                await(selector, key, deadline, ConnectStage.SERVER_CONNECT, server, destination);
                connected = channel.finishConnect();
            }
        } catch (SocketException e) {
            throw ServerFailure.connecting(server, e);
        }
        return key;
    }

    /** Connect, request, reply: on the application's channel. */
    private void exchange(SocketChannel channel, SocksServer server, InetSocketAddress address,
            byte[] request, Destination destination, Deadline deadline) throws IOException {
        boolean blocking = channel.isBlocking();
        try (AgentWork.Scope ignored = AgentWork.enter(); Selector selector = Selector.open()) {
            if (blocking) {
                channel.configureBlocking(false);
            }
            SelectionKey key = connectWithin(channel, selector, server, address, destination,
                    deadline);
            if (log.enabled()) {
                Socks4Handshake.logRequest(log, server, channel.getLocalAddress(), destination,
                        user);
            }
            ByteBuffer reply = ByteBuffer.allocate(Socks4Handshake.REPLY_LENGTH);
            ConnectStage stage = ConnectStage.SOCKS4_REPLY;
            try {
                ByteBuffer out = ByteBuffer.wrap(request);
                key.interestOps(SelectionKey.OP_WRITE);
                while (out.hasRemaining()) {
                    if (channel.write(out) == 0) {
                        await(selector, key, deadline, stage, server, destination);
                    }
                }
                key.interestOps(SelectionKey.OP_READ);
                while (reply.hasRemaining()) {
                    int n = channel.read(reply);
                    if (n < 0) {
                        throw new ServerFailure(Socks4Handshake.shortReply(server,
                                reply.position()).getMessage());
                    }
                    if (n == 0) {
                        await(selector, key, deadline, stage, server, destination);
                    }
                }
            } catch (ServerFailure | SocketTimeoutException | ClosedByInterruptException e) {
                throw e;
            } catch (IOException e) {
                throw ServerFailure.brokeOff(server, e);
            }
            key.cancel();
            selector.selectNow(); // deregisters, so that the blocking mode can be restored
            if (blocking) {
                channel.configureBlocking(true);
            }
            Socks4Handshake.acceptReply(reply.array(), server, destination, log);
        }
    }

    /** Waits until the key is ready, within the deadline; honours interruption. */
    private static void await(Selector selector, SelectionKey key, Deadline deadline,
            Deadline.Stage stage, SocksServer server, Destination destination)
            throws IOException {
        while (true) {
            long timeout = deadline.remainingMillis(stage, server, destination);
            int ready = selector.select(timeout);
            selector.selectedKeys().clear();
            if (Thread.currentThread().isInterrupted()) {
                throw new ClosedByInterruptException();
            }
            if (ready > 0 || !key.isValid()) {
                return;
            }
            if (deadline.isSet()) {
                deadline.remainingMillis(stage, server, destination); // throws once out of time
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
