package io.pmsocks.testkit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Guards the address ranges the kit may configure. Test traffic must stay on this machine: the kit only ever
 * puts addresses from {@value #RANGE} and the unique-local {@value #RANGE6} on interfaces inside namespaces it
 * created itself, and it refuses any other, so that a typo cannot send a test's connects to a real network.
 */
final class TestAddresses {

    static final String RANGE = "10.231.0.0/16";
    static final String RANGE6 = "fd00:231::/32";

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV4_PREFIX = Pattern.compile("(" + IPV4.pattern() + ")/(\\d{1,2})");
    /** Hex groups and colons only, so that {@link InetAddress#getByName} never looks a name up. */
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]{2,39}");
    private static final byte[] RANGE6_BYTES = {(byte) 0xfd, 0x00, 0x02, 0x31};

    private TestAddresses() {
    }

    /** Returns {@code address} (a dotted quad) when it lies in the test range; fails otherwise. */
    static String requireTestAddress(String address) {
        Matcher m = IPV4.matcher(address);
        if (!m.matches() || !isTestRange(m)) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv4 address in " + RANGE
                    + ", the only range the test kit configures");
        }
        return address;
    }

    /** Returns {@code address} when it is an IPv6 address in {@value #RANGE6}; fails otherwise. */
    static String requireTestAddress6(String address) {
        byte[] bytes = ipv6Bytes(address);
        if (bytes == null || !inRange6(bytes)) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv6 address in " + RANGE6
                    + ", the only IPv6 range the test kit configures");
        }
        return address;
    }

    /** Either family's test address. */
    static String requireAnyTestAddress(String address) {
        return address.contains(":") ? requireTestAddress6(address) : requireTestAddress(address);
    }

    /** Whether {@code address} is an IPv6 literal (of any range); no name is looked up. */
    static boolean isIpv6Literal(String address) {
        return ipv6Bytes(address) != null;
    }

    /**
     * Returns {@code address} when it is a dotted quad or an IPv6 literal of any range (loopback included), so that
     * no name lookup happens.
     */
    static String requireLiteral(String address) {
        if (isIpv6Literal(address)) {
            return address;
        }
        return requireDottedQuad(address);
    }

    /** Returns {@code address} when it is a dotted quad of any range, so that no name lookup happens. */
    static String requireDottedQuad(String address) {
        Matcher m = IPV4.matcher(address);
        if (!m.matches() || !validOctets(m)) {
            throw new IllegalArgumentException("'" + address + "' is not a dotted-quad IPv4 address");
        }
        return address;
    }

    /** Returns {@code cidr} ({@code a.b.c.d/n}) when its address lies in the test range and n is 16..32. */
    static String requireTestPrefix(String cidr) {
        Matcher m = IPV4_PREFIX.matcher(cidr);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + cidr + "' is not of the form a.b.c.d/n");
        }
        requireTestAddress(m.group(1));
        int length = Integer.parseInt(m.group(6));
        if (length < 16 || length > 32) {
            throw new IllegalArgumentException("'" + cidr + "': prefix length must be 16..32 to stay inside " + RANGE);
        }
        return cidr;
    }

    /** Returns {@code cidr} ({@code ADDRESS/n}) when its address lies in {@value #RANGE6} and n is 32..128. */
    static String requireTestPrefix6(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0 || !cidr.substring(slash + 1).matches("\\d{1,3}")) {
            throw new IllegalArgumentException("'" + cidr + "' is not of the form ADDRESS/n");
        }
        requireTestAddress6(cidr.substring(0, slash));
        int length = Integer.parseInt(cidr.substring(slash + 1));
        if (length < 32 || length > 128) {
            throw new IllegalArgumentException("'" + cidr + "': prefix length must be 32..128 to stay inside "
                    + RANGE6);
        }
        return cidr;
    }

    /** The 16 bytes of an IPv6 literal, or null when {@code address} is not one. */
    static byte[] ipv6Bytes(String address) {
        if (!IPV6.matcher(address).matches() || !address.contains(":")) {
            return null;
        }
        try {
            InetAddress parsed = InetAddress.getByName(address);
            return parsed instanceof Inet6Address ? parsed.getAddress() : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean inRange6(byte[] bytes) {
        for (int i = 0; i < RANGE6_BYTES.length; i++) {
            if (bytes[i] != RANGE6_BYTES[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTestRange(Matcher m) {
        return validOctets(m) && m.group(1).equals("10") && m.group(2).equals("231");
    }

    private static boolean validOctets(Matcher m) {
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }
}
