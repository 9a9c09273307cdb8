package io.pmsocks.agent.protocol;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Where the application asked to connect, as the protocol cores need it: plain values, so
 * that the cores depend on nothing of the configuration.
 *
 * @param hostName the name the application gave, or {@code null} when it gave an address
 * @param address the address it resolved to locally, or {@code null} when it did not resolve
 * @param port the TCP port
 */
public record Target(String hostName, InetAddress address, int port) {

    public Target {
        if (hostName != null && hostName.isEmpty()) {
            hostName = null;
        }
        if (hostName == null && address == null) {
            throw new IllegalArgumentException("a target needs a host name or an address");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code host:port} for messages, with brackets around an IPv6 literal. */
    public String display() {
        String host = hostName != null ? hostName : address.getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The address literal a proxy is given: no scope id, which means nothing on its side. */
    String addressLiteral() {
        String literal = address.getHostAddress();
        if (address instanceof Inet6Address) {
            int scope = literal.indexOf('%');
            return scope >= 0 ? literal.substring(0, scope) : literal;
        }
        return literal;
    }
}
