package io.pmsocks.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where the application asked to connect.
 *
 * @param hostName the name the application gave, or {@code null} when it gave an address;
 *     {@code .domain} rules match on it and SOCKS4a forwards it
 * @param address the address it resolved to locally, or {@code null} when it did not resolve
 *     (then only {@code .domain} rules and rules with mask {@code 0.0.0.0} can match)
 * @param port the TCP port
 */
public record Destination(String hostName, InetAddress address, int port) {

    public Destination {
        if (hostName == null && address == null) {
            throw new IllegalArgumentException("a destination needs a host name or an address");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (hostName != null && hostName.isEmpty()) {
            hostName = null;
        }
        address = ipv4IfMapped(address);
    }

    public static Destination of(InetAddress address, int port) {
        return new Destination(null, address, port);
    }

    public boolean isResolved() {
        return address != null;
    }

    /** The name the application gave, else the address in its literal form. */
    public String displayHost() {
        return hostName != null ? hostName : address.getHostAddress();
    }

    /** {@code host:port} for messages, with brackets around an IPv6 literal. */
    public String display() {
        String host = displayHost();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Lower-case host name without a trailing dot, for suffix matching; {@code null} if none. */
    String normalizedHostName() {
        if (hostName == null) {
            return null;
        }
        String name = hostName.toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** {@code ::ffff:a.b.c.d} is IPv4 (SPEC §2): match it against IPv4 rules. */
    static InetAddress ipv4IfMapped(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] bytes = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return address;
            }
        }
        if (bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
            return address;
        }
        try {
            return Inet4Address.getByAddress(
                    new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }
}
