package io.pmsocks.agent.runtime;

import io.pmsocks.config.Decision;
import io.pmsocks.config.Destination;
import io.pmsocks.config.SocksServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * Connects an application's {@link Socket} through sockd: TCP connect to the server, SOCKS4
 * CONNECT over the socket's own streams, and nothing more. After success the socket is an
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
    private final String user;
    private final byte[] userId;

    SocketSockdRoute(SocketInternals internals, ServerResolver resolver, DebugLog log,
            String user) {
        this.internals = internals;
        this.resolver = resolver;
        this.log = log;
        this.user = user;
        this.userId = Socks4Handshake.userId(user);
    }

    /**
     * Tries the decision's servers in order; a SOCKS4 reply is an answer and ends it. Every
     * failure closes the socket.
     */
    void connect(Socket socket, InetSocketAddress target, Destination destination,
            Decision.Sockd decision, Deadline deadline) throws IOException {
        List<SocksServer> servers = decision.servers();
        if (servers.isEmpty()) {
            throw ServerFailure.noServer(destination, decision.rule());
        }
        SocketOptionsSnapshot options = servers.size() > 1 ? SocketOptionsSnapshot.of(socket) : null;
        List<String> failures = new ArrayList<>(0);
        try {
            for (int i = 0; i < servers.size(); i++) {
                SocksServer server = servers.get(i);
                try {
                    attempt(socket, server, destination, deadline);
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
            return "sockd " + next + " not tried: this JDK's Socket cannot be reused after a"
                    + " failed connect";
        }
        if (Thread.currentThread().isInterrupted()) {
            return "sockd " + next + " not tried: the connecting thread was interrupted";
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
            return "sockd " + next + " not tried: the socket could not be set up again ("
                    + e.getMessage() + ")";
        }
        return null;
    }

    private void attempt(Socket socket, SocksServer server, Destination destination,
            Deadline deadline) throws IOException {
        byte[] request = Socks4Handshake.request(destination, userId, server);
        InetSocketAddress address;
        try {
            address = resolver.resolve(server);
        } catch (ConnectException unresolved) {
            throw new ServerFailure(unresolved.getMessage());
        }
        try (AgentWork.Scope ignored = AgentWork.enter()) {
            internals.connect(socket, address,
                    deadline.remainingMillis(ConnectStage.SERVER_CONNECT, server, destination));
        } catch (SocketTimeoutException e) {
            throw deadline.expired(ConnectStage.SERVER_CONNECT, server, destination);
        } catch (SocketException e) {
            if (socket.isClosed()) {
                throw e;
            }
            throw ServerFailure.connecting(server, e);
        }
        if (log.enabled()) {
            Socks4Handshake.logRequest(log, server, socket.getLocalSocketAddress(), destination,
                    user);
        }

        int applicationTimeout = socket.getSoTimeout();
        byte[] reply = new byte[Socks4Handshake.REPLY_LENGTH];
        try {
            socket.setSoTimeout(
                    deadline.remainingMillis(ConnectStage.SOCKS4_REPLY, server, destination));
            internals.plainOutput(socket).write(request);
            InputStream in = internals.plainInput(socket);
            int received = 0;
            while (received < reply.length) {
                int n = in.read(reply, received, reply.length - received);
                if (n < 0) {
                    throw new ServerFailure(Socks4Handshake.shortReply(server, received)
                            .getMessage());
                }
                received += n;
            }
        } catch (SocketTimeoutException e) {
            throw deadline.expired(ConnectStage.SOCKS4_REPLY, server, destination);
        } catch (ServerFailure failure) {
            throw failure;
        } catch (IOException e) {
            if (socket.isClosed()) {
                throw e;
            }
            throw ServerFailure.brokeOff(server, e);
        }
        socket.setSoTimeout(applicationTimeout);
        Socks4Handshake.acceptReply(reply, server, destination, log);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the connect has failed already; that failure is what the application sees
        }
    }
}
