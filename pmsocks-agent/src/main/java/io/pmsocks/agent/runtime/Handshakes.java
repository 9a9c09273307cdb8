package io.pmsocks.agent.runtime;

import io.pmsocks.agent.protocol.Credentials;
import io.pmsocks.agent.protocol.HttpConnectHandshake;
import io.pmsocks.agent.protocol.ProxyHandshake;
import io.pmsocks.agent.protocol.Socks4Handshake;
import io.pmsocks.agent.protocol.Socks5Handshake;
import io.pmsocks.agent.protocol.Target;
import io.pmsocks.config.ConfigException;
import io.pmsocks.config.CredentialLookup;
import io.pmsocks.config.Destination;
import io.pmsocks.config.ProxyCredentials;
import io.pmsocks.config.ProxyScheme;
import io.pmsocks.config.SocksServer;
import java.net.ConnectException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts the proxy exchange with one server: the protocol core of the server's scheme, with
 * the credentials known for it, and the label that names the server in every message. The
 * routes move the bytes; this is the one place where the scheme picks the protocol.
 */
final class Handshakes {

    /** What is constant about a server: its label and its credentials, looked up once. */
    private record Known(String label, Credentials credentials) {
    }

    private final String user;
    private final CredentialLookup credentials;
    /** Per server of the configuration, which names few servers. */
    private final ConcurrentHashMap<SocksServer, Known> known = new ConcurrentHashMap<>();

    /**
     * @param user the effective user name, SOCKS4's user id
     * @param credentials where socks5 and http servers' user names and passwords come from
     */
    Handshakes(String user, CredentialLookup credentials) {
        this.user = user;
        this.credentials = credentials;
    }

    /**
     * The exchange with {@code server} for {@code target}: at step SEND, or already DONE when
     * the scheme cannot carry the destination.
     *
     * @throws ConnectException when the credentials file the server needs cannot be used
     *     (readable by others, a bad line): final, it would fail every such server alike
     */
    ProxyHandshake start(SocksServer server, Target target) throws ConnectException {
        Known about = known(server);
        switch (server.scheme()) {
            case SOCKS5:
                return Socks5Handshake.start(about.label(), target, about.credentials(), false);
            case SOCKS5H:
                return Socks5Handshake.start(about.label(), target, about.credentials(), true);
            case HTTP:
                return HttpConnectHandshake.start(about.label(), target, about.credentials());
            default:
                return Socks4Handshake.start(about.label(), target, user);
        }
    }

    /** {@code sockd fw:1080}, {@code sockd socks5://alice@fw:1080}, {@code proxy http://fw:3128}. */
    String label(SocksServer server) {
        Known about = known.get(server);
        return about != null ? about.label() : labelOf(server);
    }

    private Known known(SocksServer server) throws ConnectException {
        Known about = known.get(server);
        if (about == null) {
            Credentials found = null;
            try {
                ProxyCredentials given = credentials.forServer(server).orElse(null);
                if (given != null) {
                    found = new Credentials(given.user(), given.password());
                }
            } catch (ConfigException unusable) {
                // not remembered: the file may be fixed while the program runs
                throw new ConnectException(labelOf(server) + ": " + unusable.getMessage());
            }
            about = new Known(labelOf(server), found);
            known.putIfAbsent(server, about);
        }
        return about;
    }

    private static String labelOf(SocksServer server) {
        return (server.scheme() == ProxyScheme.HTTP ? "proxy " : "sockd ") + server;
    }

    /** The destination as the protocol cores take it. */
    static Target target(Destination destination) {
        return new Target(destination.hostName(), destination.address(), destination.port());
    }
}
