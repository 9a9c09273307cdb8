package io.pmsocks.testkit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Guards the one address range the kit may configure. Test traffic must stay on this machine: the kit only ever
 * puts addresses from {@value #RANGE} on interfaces inside namespaces it created itself, and it refuses any other,
 * so that a typo cannot send a test's connects to a real network.
 */
final class TestAddresses {

    static final String RANGE = "10.231.0.0/16";

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV4_PREFIX = Pattern.compile("(" + IPV4.pattern() + ")/(\\d{1,2})");

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
