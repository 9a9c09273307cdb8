package io.pmsocks.agent.runtime;

import io.pmsocks.agent.protocol.Outcome;
import io.pmsocks.agent.protocol.ProxyHandshake;
import io.pmsocks.agent.protocol.Target;
import io.pmsocks.agent.transport.BeforeRead;
import io.pmsocks.agent.transport.ChannelTransport;
import io.pmsocks.config.Destination;
import io.pmsocks.config.SocksServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One non-blocking channel's connect through a proxy, driven by the readiness events of the
 * application's own selectors (or by the application polling {@code finishConnect}): no thread,
 * no Selector and no timer of the agent's. The state lives from {@code connect} until
 * {@code finishConnect} has reported the outcome or the channel closes; the map of connecting
 * channels holds it.
 *
 * <p>Per event: complete the TCP connect to the proxy ({@code Net.pollConnectNow}), then
 * {@link ChannelTransport#advance} over the channel's descriptor (this class is the
 * {@code ByteChannel} it reads and writes, since the JDK refuses I/O on a channel that it does
 * not count as connected). While the handshake runs, the channel's poll events are what it
 * waits for and OP_CONNECT is never reported; a grant or a failure reports OP_CONNECT, and
 * {@code finishConnect} then completes the JDK's connect or throws the failure after closing
 * the channel.
 *
 * <p>Failover keeps the choice of {@link ChannelSockdRoute}: the servers of an {@code @=} list
 * are walked while no TCP connection to one exists; a refused or unreachable server is
 * replaced by the next on the same descriptor (Linux lets a socket whose connect failed
 * connect again), with no probe; once a server accepted, its answer is final.
 *
 * <p>Thread-safety: the selector threads of every registration and the application's
 * {@code finishConnect} call in on their own threads; every step holds this object's lock.
 */
final class SelectorConnect implements ByteChannel {

    private enum Phase { TCP, HANDSHAKE, GRANTED, FAILED }

    /** How long a blocking {@code finishConnect} waits per poll before it looks at interrupts. */
    private static final long BLOCKING_POLL_MILLIS = 100;

    private final SocketChannel channel;
    private final ChannelInternals internals;
    private final ServerResolver resolver;
    private final Handshakes handshakes;
    private final DebugLog log;
    private final Map<SocketChannel, SelectorConnect> connecting;
    private final Destination destination;
    private final Target target;
    private final List<SocksServer> servers;
    private final List<String> failures = new ArrayList<>(0);
    private final ByteBuffer buffer = ChannelTransport.newBuffer();
    private int server = -1;
    private ProxyHandshake exchange;
    private Phase phase = Phase.TCP;
    private ConnectException failure;
    /** The poll events the handshake waits for; 0 once it is over. */
    private volatile int waitingFor;

    SelectorConnect(SocketChannel channel, ChannelInternals internals, ServerResolver resolver,
            Handshakes handshakes, DebugLog log, Map<SocketChannel, SelectorConnect> connecting,
            Destination destination, List<SocksServer> servers) {
        this.channel = channel;
        this.internals = internals;
        this.resolver = resolver;
        this.handshakes = handshakes;
        this.log = log;
        this.connecting = connecting;
        this.destination = destination;
        this.target = Handshakes.target(destination);
        this.servers = servers;
    }

    /**
     * Starts the TCP connect to the first usable server with the JDK's own {@code connect}
     * (which then records the connect as pending), and makes the channel report the
     * destination as its peer. Holds the lock so that no event is handled before the state is
     * complete.
     *
     * @throws IOException when no server could even be tried; the channel is closed
     */
    synchronized void start(InetSocketAddress peer) throws IOException {
        connecting.put(channel, this);
        try {
            InetSocketAddress address = nextServer();
            if (address == null) {
                throw failure;
            }
            boolean connected;
            try (AgentWork.Scope ignored = AgentWork.enter()) {
                connected = channel.connect(address);
            } catch (IOException e) {
                // the JDK closed the channel: no other server can be tried on it
                failures.add(ServerFailure.connecting(exchange.label(), e).getMessage());
                throw ServerFailure.noneUsable(destination, failures);
            }
            internals.reportPeer(channel, peer);
            if (connected) {
                tcpConnected();
            }
            waitingFor = eventsWanted();
            internals.refreshRegistrations(channel);
        } catch (IOException | RuntimeException | Error e) {
            connecting.remove(channel);
            closeQuietly();
            throw e;
        }
    }

    /**
     * A readiness event of one of the channel's keys, on that selector's thread.
     *
     * @return 0 to let the JDK translate it; 1 or 2: the key's ready set was set here, and
     *     did not (1) or did (2) gain an operation
     */
    synchronized int readyOps(int events, int initialOps, Object key) {
        if ((events & internals.pollInvalid) != 0) {
            return 0;
        }
        drive();
        int interest = internals.interestOps(key);
        int before = internals.readyOps(key);
        int ready = initialOps;
        if (phase == Phase.FAILED && (events & internals.pollErrOrHup) != 0) {
            ready = interest; // as the JDK reports an error of a direct connect
        } else if (phase == Phase.GRANTED || phase == Phase.FAILED) {
            ready |= interest & SelectionKey.OP_CONNECT;
        }
        internals.setReadyOps(key, ready);
        refreshIfChanged();
        return (ready & ~before) != 0 ? 2 : 1;
    }

    /** The poll events to register: the handshake's while it runs, else the JDK's. */
    int interestOps(int translated) {
        int wanted = waitingFor;
        return wanted != 0 ? wanted : translated;
    }

    /**
     * The application's {@code finishConnect}, on its thread.
     *
     * @return 0: granted, the JDK's body completes the connect; 1: still connecting
     * @throws IOException the connect's failure, the channel closed
     */
    synchronized int finishConnect() throws IOException {
        drive();
        refreshIfChanged();
        while (channel.isBlocking() && waitingFor != 0) {
            // switched to blocking mode before finishConnect: wait, as the JDK's would
            internals.poll(channel, waitingFor, BLOCKING_POLL_MILLIS);
            if (Thread.currentThread().isInterrupted()) {
                connecting.remove(channel);
                closeQuietly();
                throw new ClosedByInterruptException();
            }
            drive();
            refreshIfChanged();
        }
        if (phase == Phase.GRANTED) {
            connecting.remove(channel);
            return 0;
        }
        if (phase == Phase.FAILED) {
            connecting.remove(channel);
            closeQuietly();
            throw failure;
        }
        return 1;
    }

    /** Moves the connect on as far as it goes without waiting. */
    private void drive() {
        try {
            if (phase == Phase.TCP) {
                boolean connected;
                try {
                    connected = internals.pollConnectNow(channel);
                } catch (IOException e) {
                    if (!channel.isOpen()) {
                        throw e;
                    }
                    failures.add(ServerFailure.connecting(exchange.label(), e).getMessage());
                    if (log.enabled()) {
                        log.log(failures.get(failures.size() - 1));
                    }
                    failOver();
                    return;
                }
                if (!connected) {
                    return;
                }
                tcpConnected();
            }
            if (phase == Phase.HANDSHAKE) {
                ProxyHandshake.Step step = ChannelTransport.advance(exchange, this, buffer,
                        BeforeRead.NOTHING);
                if (step == ProxyHandshake.Step.DONE) {
                    conclude(exchange.outcome());
                }
            }
        } catch (IOException e) {
            fail(new ConnectException(exchange == null ? String.valueOf(e.getMessage())
                    : exchange.label() + ": " + e));
        } catch (RuntimeException bug) {
            // on a selector's thread: a bug of pmsocks must fail this connect, not the selector
            ConnectException failed = new ConnectException("pmsocks internal error while"
                    + " connecting through " + exchange.label() + ": " + bug);
            failed.initCause(bug);
            fail(failed);
        }
    }

    private void tcpConnected() throws IOException {
        phase = Phase.HANDSHAKE;
        if (log.enabled()) {
            log.log(exchange.label() + ": connected from " + channel.getLocalAddress());
            log.log(exchange.describeRequest());
        }
    }

    private void conclude(Outcome outcome) {
        if (log.enabled()) {
            log.log(exchange.describeReply());
        }
        switch (outcome.kind()) {
            case GRANTED:
                phase = Phase.GRANTED;
                return;
            case SERVER_FAILURE:
                failures.add(outcome.message());
                notTriedAfter(server);
                fail(ServerFailure.noneUsable(destination, failures));
                return;
            default:
                fail(outcome.toException());
        }
    }

    /** The TCP connect to a server failed: the next one on the same descriptor, if any. */
    private void failOver() throws IOException {
        InetSocketAddress address = nextServer();
        if (address == null) {
            return;
        }
        try {
            if (internals.reconnect(channel, address)) {
                tcpConnected();
            }
        } catch (IOException e) {
            failures.add(ServerFailure.connecting(exchange.label(), e).getMessage());
            failOver();
        }
    }

    /**
     * The address of the next server whose exchange can start (its name resolves, the
     * destination suits its scheme), each that cannot noted; {@code null} and the failure set
     * when none is left.
     */
    private InetSocketAddress nextServer() {
        while (++server < servers.size()) {
            SocksServer next = servers.get(server);
            try {
                exchange = handshakes.start(next, target);
            } catch (ServerFailure unusable) {
                failures.add(unusable.getMessage());
                continue;
            } catch (ConnectException finalAnswer) {
                fail(finalAnswer);
                return null;
            }
            if (exchange.step() == ProxyHandshake.Step.DONE) {
                Outcome outcome = exchange.outcome();
                if (outcome.kind() != Outcome.Kind.SERVER_FAILURE) {
                    fail(outcome.toException());
                    return null;
                }
                failures.add(outcome.message());
                continue;
            }
            try {
                InetSocketAddress address = resolver.resolve(next);
                phase = Phase.TCP;
                return address;
            } catch (ConnectException unresolved) {
                failures.add(unresolved.getMessage());
            }
        }
        fail(ServerFailure.noneUsable(destination, failures));
        return null;
    }

    private void notTriedAfter(int connected) {
        if (connected < servers.size() - 1) {
            StringBuilder labels = new StringBuilder();
            for (SocksServer rest : servers.subList(connected + 1, servers.size())) {
                labels.append(labels.length() == 0 ? "" : ", ").append(handshakes.label(rest));
            }
            failures.add(labels + " not tried: the channel was connected to "
                    + handshakes.label(servers.get(connected))
                    + ", and a channel connects only once");
        }
    }

    private void fail(ConnectException reason) {
        if (failure == null) {
            failure = reason;
        }
        phase = Phase.FAILED;
    }

    private int eventsWanted() {
        switch (phase) {
            case TCP:
                return internals.pollOut;
            case HANDSHAKE:
                return exchange.step() == ProxyHandshake.Step.SEND ? internals.pollOut
                        : internals.pollIn;
            default:
                return 0;
        }
    }

    /** After a change of what the handshake waits for, every selector must hear of it. */
    private void refreshIfChanged() {
        int wanted = eventsWanted();
        if (wanted != waitingFor) {
            waitingFor = wanted;
            internals.refreshRegistrations(channel);
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the connect's own failure is what the application sees
        }
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        return internals.read(channel, into);
    }

    @Override
    public int write(ByteBuffer from) throws IOException {
        return internals.write(channel, from);
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    /** The transport never closes; the channel is the application's. */
    @Override
    public void close() {
    }
}
