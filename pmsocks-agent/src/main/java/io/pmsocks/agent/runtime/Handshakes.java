package io.pmsocks.agent.runtime;

import io.pmsocks.agent.protocol.ProxyHandshake;
import io.pmsocks.agent.protocol.Socks4Handshake;
import io.pmsocks.agent.protocol.Target;
import io.pmsocks.config.Destination;
import io.pmsocks.config.SocksServer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts the proxy exchange with one server: the protocol core of the server's scheme, and
 * the label that names the server in every message. The routes move the bytes.
 *
 * <p>Every server is SOCKS4 (SOCKS4a for a name) until the configuration's servers carry a
 * scheme; then the scheme picks the core here, and nowhere else.
 */
final class Handshakes {

    private final String user;
    /** {@code sockd HOST:PORT} per server, built once: a configuration names few servers. */
    private final ConcurrentHashMap<SocksServer, String> labels = new ConcurrentHashMap<>();

    Handshakes(String user) {
        this.user = user;
    }

    /**
     * The exchange with {@code server} for {@code target}: at step SEND, or already DONE when
     * the scheme cannot carry the destination.
     */
    ProxyHandshake start(SocksServer server, Target target) {
        return Socks4Handshake.start(label(server), target, user);
    }

    String label(SocksServer server) {
        return labels.computeIfAbsent(server, known -> "sockd " + known);
    }

    /** The destination as the protocol cores take it. */
    static Target target(Destination destination) {
        return new Target(destination.hostName(), destination.address(), destination.port());
    }
}
