package io.pmsocks.agent.runtime;

import io.pmsocks.agent.protocol.Outcome;
import io.pmsocks.agent.protocol.ProxyHandshake;
import io.pmsocks.agent.protocol.Target;
import io.pmsocks.agent.transport.BeforeRead;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Connects an application's {@link Socket} through sockd: TCP connect to the server, the
 * exchange of its protocol core ({@link Handshakes}) over the socket's own streams
 * ({@link StreamTransport}), and nothing more. After success the socket is an
 * ordinary connected socket whose peer reads as the destination; no thread relays its bytes.
 *
 * <p>Nothing a subclass can override is called on the application's socket (see
 * {@link SocketInternals#connect}): an {@code SSLSocket} learns its peer host when the
 * application's own {@code connect} returns, from the destination this route reports.
 *
 * <p>A server that cannot be reached or that breaks the exchange makes way for the next of an
 * {@code @=} list, on the same socket object, revived (a failed connect closes a socket for
 * good). A socket that the application closed meanwhile (another thread's {@code close}, an
 * interrupt of a virtual thread) stays closed: the connect ends with the JDK's exception.
 */
final class SocketSockdRoute {

    private final SocketInternals internals;
    private final ServerResolver resolver;
    private final DebugLog log;
    private final Handshakes handshakes;

    SocketSockdRoute(SocketInternals internals, ServerResolver resolver, DebugLog log,
            Handshakes handshakes) {
        this.internals = internals;
        this.resolver = resolver;
        this.log = log;
        this.handshakes = handshakes;
    }

    /**
     * Tries the decision's servers in order; a refusal of the protocol (SOCKS4 reply 91) is an
     * answer and ends it. Every failure closes the socket.
     */
    void connect(Socket socket, InetSocketAddress target, Destination destination,
            Decision.Sockd decision, Deadline deadline) throws IOException {
        List<SocksServer> servers = decision.servers();
        if (servers.isEmpty()) {
            throw ServerFailure.noServer(destination, decision.rule());
        }
        SocketOptionsSnapshot options = servers.size() > 1 ? SocketOptionsSnapshot.of(socket) : null;
        List<String> failures = new ArrayList<>(0);
        Target exchangeTarget = Handshakes.target(destination);
        try {
            for (int i = 0; i < servers.size(); i++) {
                SocksServer server = servers.get(i);
                try {
                    attempt(socket, server, exchangeTarget, deadline);
                    internals.reportPeer(socket, target);
                    internals.reportPeerHost(socket, target);
                    return;
                } catch (ServerFailure failure) {
                    failures.add(failure.getMessage());
                }
                if (i + 1 == servers.size()) {
                    break;
                }
                String obstacle = prepareForNext(socket, servers.get(i + 1), options);
                if (obstacle != null) {
                    failures.add(obstacle);
                    break;
                }
                if (log.enabled()) {
                    log.log(failures.get(failures.size() - 1) + "; trying the next sockd");
                }
            }
        } catch (IOException | RuntimeException | Error other) {
            closeQuietly(socket);
            throw other;
        }
        closeQuietly(socket);
        throw ServerFailure.noneUsable(destination, failures);
    }

    /**
     * Makes the socket ready for the next server: closed and revived, with the application's
     * options set again.
     *
     * @return why the next server cannot be tried, or {@code null} when it can
     * @throws SocketException when the application closed the socket meanwhile
     */
    private String prepareForNext(Socket socket, SocksServer next, SocketOptionsSnapshot options)
            throws IOException {
        if (!internals.canRevive()) {
            return handshakes.label(next) + " not tried: this JDK's Socket cannot be reused after a"
                    + " failed connect";
        }
        if (Thread.currentThread().isInterrupted()) {
            return handshakes.label(next) + " not tried: the connecting thread was interrupted";
        }
        if (!internals.closeAndRevive(socket)) {
            throw new SocketException("Socket closed");
        }
        try {
            options.applyTo(socket); // creates the new descriptor
        } catch (IOException | RuntimeException e) {
            if (socket.isClosed()) {
                throw e; // closed by the application while being set up
            }
            return handshakes.label(next) + " not tried: the socket could not be set up again ("
                    + e.getMessage() + ")";
        }
        return null;
    }

    /**
     * One server: its exchange started, then the TCP connect, then the exchange over the
     * socket's own streams (never the streams of a subclass: an SSLSocket's speak TLS).
     *
     * @throws ServerFailure when the next server may do better
     * @throws ConnectException for a final answer (a refusal of the protocol)
     * @throws SocketTimeoutException when the deadline passed, naming the stage
     */
    private void attempt(Socket socket, SocksServer server, Target target, Deadline deadline)
            throws IOException {
        ProxyHandshake exchange = handshakes.start(server, target);
        if (exchange.step() == ProxyHandshake.Step.DONE) {
            conclude(exchange.outcome());
        }
        InetSocketAddress address;
        try {
            address = resolver.resolve(server);
        } catch (ConnectException unresolved) {
            throw new ServerFailure(unresolved.getMessage());
        }
        try (AgentWork.Scope ignored = AgentWork.enter()) {
            internals.connect(socket, address,
                    deadline.remainingMillis(ConnectStage.SERVER_CONNECT, exchange));
        } catch (SocketTimeoutException e) {
            throw deadline.expired(ConnectStage.SERVER_CONNECT, exchange);
        } catch (SocketException e) {
            if (socket.isClosed()) {
                throw e;
            }
            throw ServerFailure.connecting(exchange.label(), e);
        }
        if (log.enabled()) {
            log.log(exchange.label() + ": connected from " + socket.getLocalSocketAddress());
            log.log(exchange.describeRequest());
        }
        int applicationTimeout = socket.getSoTimeout();
        Outcome outcome;
        try {
            outcome = StreamTransport.run(exchange, internals.plainInput(socket),
                    internals.plainOutput(socket), new ReadTimeout(socket, deadline));
        } catch (SocketTimeoutException e) {
            throw deadline.expired(ConnectStage.HANDSHAKE, exchange);
        }
        if (log.enabled()) {
            log.log(exchange.describeReply());
        }
        if (outcome.granted()) {
            socket.setSoTimeout(applicationTimeout);
        } else if (socket.isClosed()) {
            throw new SocketException("Socket closed"); // by the application, not the server
        }
        conclude(outcome);
    }

    /** Before each read: the socket's read timeout is what is left of the deadline. */
    record ReadTimeout(Socket socket, Deadline deadline) implements BeforeRead {
        @Override
        public void beforeRead(ProxyHandshake exchange) throws IOException {
            socket.setSoTimeout(deadline.remainingMillis(ConnectStage.HANDSHAKE, exchange));
        }
    }

    /** Returns for a grant; throws the refusal, or a server failure to try the next server. */
    static void conclude(Outcome outcome) throws ConnectException {
        switch (outcome.kind()) {
            case GRANTED:
                return;
            case SERVER_FAILURE:
                throw new ServerFailure(outcome.message());
            default:
                throw outcome.toException();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the connect has failed already; that failure is what the application sees
        }
    }
}
