package io.pmsocks.config;

/**
 * Parses IPv4 and IPv6 address literals by hand: {@code InetAddress.getByName} would send a
 * field that is not a literal to DNS, and the parser must never resolve anything it was not
 * asked to (SPEC §2: {@code .domain} rules and server names are not resolved at load).
 */
final class IpLiterals {

    private IpLiterals() {
    }

    /** A non-empty run of ASCII digits. */
    static boolean isDecimal(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Digits and dots only: meant as a dotted quad, so anything else about it is an error. */
    static boolean looksNumericDotted(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /**
     * A strict dotted quad: four decimal numbers 0..255. Leading zeros are read as decimal
     * (not octal as inet_aton(3) would), since that is what people writing them mean.
     *
     * @return the address as a big-endian int, or {@code null} if {@code text} is not one
     */
    static Integer parseIpv4(String text) {
        int value = 0;
        int parts = 0;
        int i = 0;
        int length = text.length();
        while (parts < 4) {
            int start = i;
            int part = 0;
            while (i < length && i - start < 3 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                part = part * 10 + (text.charAt(i) - '0');
                i++;
            }
            if (i == start || part > 255) {
                return null;
            }
            value = value << 8 | part;
            parts++;
            if (parts < 4) {
                if (i >= length || text.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == length ? value : null;
    }

    /**
     * An IPv6 literal in the forms of RFC 4291 §2.2 ({@code 2001:db8::1}, {@code ::},
     * {@code ::ffff:192.0.2.1}); no zone id, no brackets.
     *
     * @return the 16 bytes, or {@code null} if {@code text} is not one
     */
    static byte[] parseIpv6(String text) {
        if (text.length() < 2 || text.indexOf(':') < 0) {
            return null;
        }
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        int length = text.length();
        if (text.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == length) {
                return new byte[16];
            }
        } else if (text.charAt(0) == ':') {
            return null;
        }
        while (i < length) {
            if (count == 8) {
                return null;
            }
            int start = i;
            int group = 0;
            while (i < length && i - start < 4 && hexDigit(text.charAt(i)) >= 0) {
                group = group << 4 | hexDigit(text.charAt(i));
                i++;
            }
            if (i < length && text.charAt(i) == '.') {
                // an embedded IPv4 address makes the last two groups
                Integer ipv4 = parseIpv4(text.substring(start));
                if (ipv4 == null || count > 6) {
                    return null;
                }
                groups[count++] = ipv4 >>> 16;
                groups[count++] = ipv4 & 0xffff;
                i = length;
                break;
            }
            if (i == start) {
                return null;
            }
            groups[count++] = group;
            if (i == length) {
                break;
            }
            if (text.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < length && text.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i++;
                if (i == length) {
                    break;
                }
            } else if (i == length) {
                return null;
            }
        }
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] bytes = new byte[16];
        int shift = gap < 0 ? 0 : 8 - count;
        for (int g = 0; g < count; g++) {
            int position = gap >= 0 && g >= gap ? g + shift : g;
            bytes[2 * position] = (byte) (groups[g] >>> 8);
            bytes[2 * position + 1] = (byte) groups[g];
        }
        return bytes;
    }

    /**
     * A host name as the resolver would accept it: labels of letters, digits, {@code -} and
     * {@code _} separated by single dots, an optional final dot.
     */
    static boolean isHostName(String text) {
        String name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        int labelLength = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                if (labelLength == 0) {
                    return false;
                }
                labelLength = 0;
            } else if (isAsciiLetterOrDigit(c) || c == '-' || c == '_') {
                labelLength++;
                if (labelLength > 63) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return labelLength > 0;
    }

    /** The value of an ASCII hex digit, or -1 (Character.digit would take other scripts'). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
