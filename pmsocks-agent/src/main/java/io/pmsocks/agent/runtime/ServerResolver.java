package io.pmsocks.agent.runtime;

import io.pmsocks.config.SocksServer;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Resolves sockd names when they are used, never at load (SPEC §2): with the local resolver,
 * or, when SOCKS_NS names a name server, by asking that server directly.
 */
final class ServerResolver {

    private final String nameServer;

    /** @param nameServer SOCKS_NS, or {@code null} for the local resolver */
    ServerResolver(String nameServer) {
        this.nameServer = nameServer;
    }

    /** @throws ConnectException naming the server when its name does not resolve */
    InetSocketAddress resolve(SocksServer server) throws ConnectException {
        try (AgentWork.Scope ignored = AgentWork.enter()) {
            InetAddress address = nameServer == null || isLiteral(server.host())
                    ? InetAddress.getByName(server.host())
                    : NameServerLookup.resolve(nameServer, server.host());
            return new InetSocketAddress(address, server.port());
        } catch (UnknownHostException e) {
            throw new ConnectException("sockd " + server + ": cannot resolve host name '"
                    + server.host() + "'" + (nameServer == null ? "" : " with SOCKS_NS "
                    + nameServer));
        }
    }

    private static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }
}
