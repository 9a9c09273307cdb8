package io.pmsocks.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A {@code host[:port]} as written in the configuration ({@code @=} entries), the server
 * variables, {@code --explain} and {@code --probe}: the one parser of that form, so that
 * every place takes the same hosts, the same ports (ASCII digits only) and the same IPv6
 * brackets.
 *
 * <p>The host is a host name, a dotted quad (an all-numeric dotted text that is not one, such
 * as {@code 300.1.1.1}, is an error, never a name sent to DNS), or an IPv6 literal in
 * brackets ({@code [2001:db8::1]:1080}); an IPv6 literal without brackets is accepted only
 * when {@link #parse(String, int, boolean) allowed} and then takes no port.
 *
 * @param host a host name, a dotted quad or an IPv6 literal without brackets
 * @param port the port written, else the default given to {@link #parse}; 0 only when that
 *     default was 0 (no port written and none implied)
 */
public record HostPort(String host, int port) {

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * @param defaultPort the port when the text has none (0: none implied)
     * @param bareIpv6 whether an IPv6 literal may be written without brackets (then it has no
     *     port: {@code ::1} is the host {@code ::1}); where a list or a longer entry could make
     *     the colons ambiguous, brackets are required
     * @throws AddressSyntaxException saying what is wrong, located in {@code text}
     */
    public static HostPort parse(String text, int defaultPort, boolean bareIpv6)
            throws AddressSyntaxException {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new AddressSyntaxException(0, "empty host; expected host[:port]");
        }
        String host;
        int portIndex = -1;
        if (text.charAt(0) == '[') {
            int close = text.indexOf(']');
            host = close < 0 ? "" : text.substring(1, close);
            if (close < 0 || IpLiterals.parseIpv6(host) == null) {
                throw new AddressSyntaxException(0, Quote.of(text) + " is not a bracketed IPv6"
                        + " address; write it as [2001:db8::1]:1080");
            }
            if (close + 1 < text.length()) {
                if (text.charAt(close + 1) != ':') {
                    throw new AddressSyntaxException(close + 1, "unexpected "
                            + Quote.of(text.substring(close + 1)) + " after "
                            + Quote.of(text.substring(0, close + 1)) + "; expected ':port'");
                }
                portIndex = close + 2;
            }
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
                if (bareIpv6 && IpLiterals.parseIpv6(text) != null) {
                    return new HostPort(text, defaultPort);
                }
                throw new AddressSyntaxException(0, Quote.of(text) + ": an IPv6 address needs"
                        + " brackets, as in [2001:db8::1]:1080");
            }
            host = colon < 0 ? text : text.substring(0, colon);
            if (colon >= 0) {
                portIndex = colon + 1;
            }
            checkHost(host);
        }
        int port = defaultPort;
        if (portIndex >= 0) {
            String portText = text.substring(portIndex);
            port = parsePort(portText);
            if (port < 1) {
                throw new AddressSyntaxException(portIndex, "bad port " + Quote.of(portText)
                        + " for " + Quote.of(host) + ": expected a number from 1 to 65535"
                        + (defaultPort > 0 ? " (default " + defaultPort + ")" : ""));
            }
        }
        return new HostPort(host, port);
    }

    /** A host name or dotted quad, not bracketed: what may stand before {@code :port}. */
    private static void checkHost(String host) throws AddressSyntaxException {
        if (host.isEmpty()) {
            throw new AddressSyntaxException(0, "no host before the ':'; expected host[:port]");
        }
        if (IpLiterals.looksNumericDotted(host)) {
            if (IpLiterals.parseIpv4(host) == null) {
                throw new AddressSyntaxException(0, Quote.of(host) + " is not an IPv4 address:"
                        + " write four numbers from 0 to 255 separated by dots");
            }
        } else if (!IpLiterals.isHostName(host)) {
            throw new AddressSyntaxException(0, Quote.of(host) + " is not a host name or"
                    + " address; expected host[:port], such as fw:1080 or 192.0.2.1");
        }
    }

    /**
     * A TCP port 1..65535 written in ASCII digits (no sign, no blank, no other script's
     * digits), or -1.
     */
    public static int parsePort(String text) {
        int value = parseNumber(text);
        return value >= 1 && value <= 65535 ? value : -1;
    }

    /** A number 0..65535 written in at most 5 ASCII digits, or -1. */
    static int parseNumber(String text) {
        if (text.isEmpty() || text.length() > 5 || !IpLiterals.isDecimal(text)) {
            return -1;
        }
        int value = Integer.parseInt(text);
        return value <= 65535 ? value : -1;
    }

    /** {@code host:port}, with brackets around an IPv6 literal. */
    public static String display(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The address of a dotted quad or IPv6 literal (without brackets), {@code null} for
     * anything else; never asks DNS.
     */
    public static InetAddress literalAddress(String host) {
        Integer ipv4 = IpLiterals.parseIpv4(host);
        byte[] bytes;
        if (ipv4 != null) {
            bytes = new byte[] {(byte) (ipv4 >>> 24), (byte) (ipv4 >>> 16), (byte) (ipv4 >>> 8),
                    (byte) (int) ipv4};
        } else {
            bytes = IpLiterals.parseIpv6(host);
            if (bytes == null) {
                return null;
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are an address", e);
        }
    }

    /** Whether {@code host} is an address literal rather than a name to resolve. */
    public static boolean isLiteral(String host) {
        return IpLiterals.parseIpv4(host) != null || IpLiterals.parseIpv6(host) != null;
    }

    /** Whether two hosts as written name the same host: names ignoring case, literals by value. */
    static boolean sameHost(String a, String b) {
        InetAddress first = literalAddress(a);
        if (first != null) {
            return first.equals(literalAddress(b));
        }
        return stripDot(a).equalsIgnoreCase(stripDot(b));
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    @Override
    public String toString() {
        return display(host, port);
    }
}
