package io.pmsocks.launcher;

import io.pmsocks.config.AddressSyntaxException;
import io.pmsocks.config.Destination;
import io.pmsocks.config.HostPort;
import io.pmsocks.config.HostResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;

/**
 * The {@code HOST[:PORT]} of {@code --explain} and {@code --probe}: a host name or address
 * literal as the user wrote it, and a port (44321, pmcd's, when none is given), parsed by
 * the configuration's own {@link HostPort} parser. An IPv6 address takes brackets when a port
 * follows ({@code [::1]:80}); written bare ({@code ::1}) it gets the default port.
 *
 * @param host the host as written, without brackets: a name, or an IPv4 or IPv6 literal
 * @param port the TCP port
 */
public record ExplainTarget(String host, int port) {

    public static final int DEFAULT_PORT = 44321;

    public ExplainTarget {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        // rejects what looks like an address but is not one, and what is no host at all
        try {
            HostPort.parse(host, DEFAULT_PORT, true);
        } catch (AddressSyntaxException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (host.indexOf(':') >= 0 && HostPort.literalAddress(host) == null) {
            throw new IllegalArgumentException("'" + host + "' is not an IPv6 address");
        }
    }

    /**
     * @throws IllegalArgumentException with a message saying what is wrong with {@code text}
     */
    public static ExplainTarget parse(String text) {
        try {
            HostPort parsed = HostPort.parse(text, DEFAULT_PORT, true);
            return new ExplainTarget(parsed.host(), parsed.port());
        } catch (AddressSyntaxException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** {@code HOST:PORT} as {@code --explain} prints it, with brackets around an IPv6 host. */
    public String display() {
        return HostPort.display(host, port);
    }

    /**
     * Where a connect to this target goes, as the Java agent would see it: an address literal
     * as is; a name resolved with the local resolver (the first address, as
     * {@code InetAddress.getByName} gives it), or left unresolved, so that only {@code .domain}
     * rules and rules with mask {@code 0.0.0.0} can match it.
     */
    public Destination destination(HostResolver resolver) {
        InetAddress literal = HostPort.literalAddress(host);
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
}
