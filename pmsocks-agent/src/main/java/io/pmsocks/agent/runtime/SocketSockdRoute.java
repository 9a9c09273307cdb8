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
     * Tries the decision's servers in order; a server that cannot be reached or that breaks
     * the exchange makes way for the next, while a SOCKS4 reply is an answer and ends it. Every
     * failure closes the socket.
     */
    void connect(Socket socket, InetSocketAddress target, Destination destination,
            Decision.Sockd decision, Deadline deadline) throws IOException {
        List<SocksServer> servers = decision.servers();
        if (servers.isEmpty()) {
            throw ServerFailure.noServer(destination, decision.rule());
        }
        SocketOptionsSnapshot options = servers.size() > 1 ? SocketOptionsSnapshot.of(socket) : null;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            SocksServer server = servers.get(i);
            if (i > 0) {
                if (!internals.canRevive()) {
                    failures.add("sockd " + server + " not tried: this JDK's Socket cannot be"
                            + " reused after a failed connect");
                    break;
                }
                internals.revive(socket);
                options.applyTo(socket);
            }
            try {
                attempt(socket, server, destination, deadline);
                internals.reportPeer(socket, target);
                return;
            } catch (SocketTimeoutException outOfTime) {
                closeQuietly(socket);
                throw outOfTime;
            } catch (ServerFailure failure) {
                closeQuietly(socket);
                failures.add(failure.getMessage());
                if (log.enabled() && i + 1 < servers.size()) {
                    log.log(failure.getMessage() + "; trying the next sockd");
                }
            } catch (IOException | RuntimeException | Error other) {
                closeQuietly(socket);
                throw other;
            }
        }
        throw ServerFailure.noneUsable(destination, failures);
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
            socket.connect(address,
                    deadline.remainingMillis(ConnectStage.SERVER_CONNECT, server, destination));
        } catch (SocketTimeoutException e) {
            throw deadline.expired(ConnectStage.SERVER_CONNECT, server, destination);
        } catch (SocketException e) {
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
