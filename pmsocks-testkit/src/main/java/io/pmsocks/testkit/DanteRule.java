package io.pmsocks.testkit;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * One {@code socks pass} or {@code socks block} rule of a danted.conf, matching SOCKS requests by destination.
 * Dante answers a request that a {@code block} rule matches with SOCKS4 reply 91.
 *
 * @param verdict     pass or block
 * @param destination an IPv4 prefix such as {@code 10.231.2.2/32}, an IPv6 prefix such as {@code fd00:231:2::3/128},
 *                    or {@code 0/0} (every address of both families, as Dante writes it)
 * @param port        the destination port the rule is limited to; empty for every port
 */
public record DanteRule(Verdict verdict, String destination, OptionalInt port) {

    /** Dante's "every address, IPv4 or IPv6". */
    static final String EVERY_ADDRESS = "0/0";
    private static final Pattern IPV4_PREFIX =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}/(3[0-2]|[12]?\\d)");

    public enum Verdict {
        PASS, BLOCK;

        String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public DanteRule {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(port, "port");
        if (!destination.equals(EVERY_ADDRESS) && !IPV4_PREFIX.matcher(destination).matches()
                && !isIpv6Prefix(destination)) {
            throw new IllegalArgumentException("destination must be an IPv4 prefix a.b.c.d/n, an IPv6 prefix"
                    + " ADDRESS/n or 0/0, not '" + destination + "'");
        }
        if (port.isPresent() && (port.getAsInt() < 1 || port.getAsInt() > 65535)) {
            throw new IllegalArgumentException("port out of range: " + port.getAsInt());
        }
    }

    /** Lets every request through, to IPv4 and IPv6 destinations and names alike. */
    public static DanteRule passAll() {
        return new DanteRule(Verdict.PASS, EVERY_ADDRESS, OptionalInt.empty());
    }

    public static DanteRule pass(String destination) {
        return new DanteRule(Verdict.PASS, destination, OptionalInt.empty());
    }

    /** Blocks requests to a destination prefix, or a single address when given without {@code /n}. */
    public static DanteRule block(String destination) {
        return new DanteRule(Verdict.BLOCK, asPrefix(destination), OptionalInt.empty());
    }

    /** Blocks requests to one port of a destination prefix, or of a single address when given without {@code /n}. */
    public static DanteRule block(String destination, int port) {
        return new DanteRule(Verdict.BLOCK, asPrefix(destination), OptionalInt.of(port));
    }

    /** The rule as danted.conf text, logging what the kit's log helpers read. */
    String render(String logKeywords) {
        return "socks " + verdict.keyword() + " {\n"
                + "    from: 0/0 to: " + destination
                + (port.isPresent() ? " port = " + port.getAsInt() : "") + "\n"
                + "    log: " + logKeywords + "\n"
                + "}\n";
    }

    private static String asPrefix(String destination) {
        if (destination.contains("/")) {
            return destination;
        }
        return destination + (TestAddresses.isIpv6Literal(destination) ? "/128" : "/32");
    }

    private static boolean isIpv6Prefix(String destination) {
        int slash = destination.indexOf('/');
        return slash > 0 && TestAddresses.isIpv6Literal(destination.substring(0, slash))
                && destination.substring(slash + 1).matches("\\d{1,3}")
                && Integer.parseInt(destination.substring(slash + 1)) <= 128;
    }
}
