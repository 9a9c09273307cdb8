package io.pmsocks.launcher;

import io.pmsocks.config.Destination;
import io.pmsocks.config.HostResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code HOST[:PORT]} of {@code --explain}: a host name or address literal as the user
 * wrote it, and a port (44321, pmcd's, when none is given). An IPv6 address takes brackets
 * when a port follows ({@code [::1]:80}); written bare ({@code ::1}) it gets the default port.
 *
 * @param host the host as written, without brackets: a name, or an IPv4 or IPv6 literal
 * @param port the TCP port
 */
public record ExplainTarget(String host, int port) {

    public static final int DEFAULT_PORT = 44321;

    private static final Pattern NUMERIC_DOTTED = Pattern.compile("[0-9.]+");
    private static final Pattern DOTTED_QUAD =
            Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
                    + "(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    public ExplainTarget {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        literal(host); // rejects what looks like an address but is not one
    }

    /**
     * @throws IllegalArgumentException with a message saying what is wrong with {@code text}
     */
    public static ExplainTarget parse(String text) {
        String host;
        String portText = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' has no closing ']'");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("expected ':PORT' after ']' in '" + text + "'");
                }
                portText = rest.substring(1);
            }
            if (host.indexOf(':') < 0) {
                throw new IllegalArgumentException(
                        "brackets are for IPv6 addresses, '" + host + "' is not one");
            }
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0 && colon == text.lastIndexOf(':')) {
                host = text.substring(0, colon);
                portText = text.substring(colon + 1);
            } else {
                host = text;
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host in '" + text + "'");
        }
        return new ExplainTarget(host, portText == null ? DEFAULT_PORT : port(portText));
    }

    /** {@code HOST:PORT} as {@code --explain} prints it, with brackets around an IPv6 host. */
    public String display() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Where a connect to this target goes, as the Java agent would see it: an address literal
     * as is; a name resolved with the local resolver (the first address, as
     * {@code InetAddress.getByName} gives it), or left unresolved, so that only {@code .domain}
     * rules and rules with mask {@code 0.0.0.0} can match it.
     */
    public Destination destination(HostResolver resolver) {
        InetAddress literal = literal(host);
        if (literal != null) {
            return Destination.of(literal, port);
        }
        InetAddress address;
        try {
            List<InetAddress> addresses = resolver.resolve(host);
            address = addresses.isEmpty() ? null : addresses.get(0);
        } catch (UnknownHostException e) {
            address = null;
        }
        return new Destination(host, address, port);
    }

    private static int port(String text) {
        if (!text.isEmpty() && text.length() <= 5 && text.chars().allMatch(Character::isDigit)) {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a port number (1-65535)");
    }

    /** The address of an IPv4 or IPv6 literal, {@code null} for a host name; never asks DNS. */
    private static InetAddress literal(String host) {
        boolean ipv6 = host.indexOf(':') >= 0;
        if (!ipv6 && !NUMERIC_DOTTED.matcher(host).matches()) {
            return null;
        }
        if (!ipv6 && !DOTTED_QUAD.matcher(host).matches()) {
            // digits and dots are meant as an address: do not send them to DNS as a name
            throw new IllegalArgumentException("'" + host + "' is not an IPv4 address");
        }
        try {
            // In brackets, the JDK parses IPv6 text as a literal or rejects it, never resolving it;
            // a strict dotted quad is a literal too.
            return InetAddress.getByName(ipv6 ? "[" + host + "]" : host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + host + "' is not an IPv6 address");
        }
    }
}
