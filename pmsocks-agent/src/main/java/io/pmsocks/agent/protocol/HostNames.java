package io.pmsocks.agent.protocol;

import java.net.IDN;
import java.nio.charset.StandardCharsets;

/**
 * Host names as a proxy receives them: ASCII, internationalised names in their IDNA form
 * ({@code xn--...}), never a {@code ?} for a character that a charset could not encode.
 */
final class HostNames {

    /** SOCKS5 carries the length in one byte; DNS names are shorter still (253). */
    static final int MAX_LENGTH = 255;

    private HostNames() {
    }

    /**
     * The ASCII bytes of a host name.
     *
     * @throws IllegalArgumentException saying why the name cannot be sent: not encodable by
     *     IDNA, longer than 255 bytes, or holding a blank or control character (which would
     *     end a SOCKS4a name early or split an HTTP request line)
     */
    static byte[] ascii(String name) {
        String ascii = isAscii(name) ? name : toIdna(name);
        if (ascii.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("it is " + ascii.length()
                    + " bytes long, more than the " + MAX_LENGTH + " a proxy can be sent");
        }
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException("it contains the character U+"
                        + String.format("%04X", (int) c) + " at offset " + i);
            }
        }
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    private static String toIdna(String name) {
        try {
            // Unassigned code points (IDNA2003 knows Unicode 3.2 only) are the resolver's
            // business, not a reason to refuse a name that newer resolvers accept.
            return IDN.toASCII(name, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("IDNA cannot encode it (" + e.getMessage() + ")");
        }
    }

    private static boolean isAscii(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The failure for a name that {@link #ascii} rejected: the same for every proxy. */
    static Outcome unsendable(String label, Target target, IllegalArgumentException why) {
        return Outcome.refused("cannot send the host name of " + target.display() + " to "
                + label + ": " + why.getMessage());
    }
}
