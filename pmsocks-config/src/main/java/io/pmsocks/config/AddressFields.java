package io.pmsocks.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * The address part of a rule: the address field ({@code 10.2.0.0}, a host name,
 * {@code LOCALHOSTNAME}, {@code ALL}, {@code a.b.c.d/n}, an IPv6 prefix, {@code .domain}),
 * the mask that follows the first two kinds, and the resolution of host names once the line
 * is known to be good.
 */
final class AddressFields {

    static final String LOCALHOSTNAME = "LOCALHOSTNAME";
    static final String ALL = "ALL";

    static final String FORMS = "a dotted quad with a mask (10.2.0.0 255.255.0.0),"
            + " a host name with a mask, LOCALHOSTNAME with a mask, ALL, a.b.c.d/n,"
            + " an IPv6 prefix (2001:db8::/32) or a .domain suffix";

    /** What the address field said, before any name is resolved. */
    sealed interface Spec {
        /** A dotted quad or host name: a mask field follows. */
        boolean needsMask();
    }

    record LiteralWithMask(int address) implements Spec {
        @Override
        public boolean needsMask() {
            return true;
        }
    }

    /** {@code localHost}: the name is this host's, found when resolving. */
    record HostNameWithMask(String name, boolean localHost) implements Spec {
        @Override
        public boolean needsMask() {
            return true;
        }
    }

    /** ALL, CIDR, IPv6 prefix or .domain: complete in itself. */
    record Complete(AddressPattern pattern) implements Spec {
        @Override
        public boolean needsMask() {
            return false;
        }
    }

    private final HostResolver resolver;
    private final LineReport report;

    AddressFields(HostResolver resolver, LineReport report) {
        this.resolver = resolver;
        this.report = report;
    }

    /** The address field; a bad one abandons the line (its mask may or may not follow). */
    Spec parseAddress(ConfigLine.Field field) {
        String text = field.text();
        if (text.equalsIgnoreCase(ALL)) {
            return new Complete(new AddressPattern.Ipv4Masked(0, 0));
        }
        if (text.equalsIgnoreCase(LOCALHOSTNAME)) {
            return new HostNameWithMask(LOCALHOSTNAME, true);
        }
        int slash = text.indexOf('/');
        if (slash >= 0) {
            return parsePrefix(field, text.substring(0, slash), text.substring(slash + 1));
        }
        if (text.indexOf(':') >= 0) {
            if (IpLiterals.parseIpv6(text) != null) {
                throw report.abandon(field.column(), "an IPv6 address needs a prefix length and"
                        + " no mask: write '" + text + "/128' for this one address, or a"
                        + " network such as '2001:db8::/32'");
            }
            throw notAnAddress(field);
        }
        if (text.startsWith(".")) {
            String name = text.substring(1);
            name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
            if (!IpLiterals.isHostName(name) || IpLiterals.looksNumericDotted(name)) {
                throw report.abandon(field.column(), Quote.of(text) + " is not a domain suffix:"
                        + " expected a dot and a domain name, such as .example.com");
            }
            return new Complete(
                    new AddressPattern.DomainSuffix("." + name.toLowerCase(Locale.ROOT)));
        }
        if (IpLiterals.looksNumericDotted(text)) {
            Integer address = IpLiterals.parseIpv4(text);
            if (address == null) {
                throw report.abandon(field.column(), Quote.of(text) + " is not an IPv4 address:"
                        + " write four numbers from 0 to 255 separated by dots, such as"
                        + " 10.2.0.0");
            }
            return new LiteralWithMask(address);
        }
        if (IpLiterals.isHostName(text)) {
            return new HostNameWithMask(text, false);
        }
        throw notAnAddress(field);
    }

    private LineReport.LineAbandoned notAnAddress(ConfigLine.Field field) {
        return report.abandon(field.column(), Quote.of(field.text()) + " is not an address;"
                + " expected " + FORMS + LineReport.gluedCommandHint(field.text(), before ->
                        IpLiterals.parseIpv4(before) != null || IpLiterals.isHostName(before)));
    }

    /** {@code a.b.c.d/n} and IPv6 prefixes. */
    private Spec parsePrefix(ConfigLine.Field field, String address, String bitsText) {
        int bits = -1;
        if (!bitsText.isEmpty() && bitsText.length() <= 3 && IpLiterals.isDecimal(bitsText)) {
            bits = Integer.parseInt(bitsText);
        }
        int slashColumn = field.column() + address.length();
        if (address.indexOf(':') >= 0) {
            byte[] prefix = IpLiterals.parseIpv6(address);
            if (prefix == null) {
                throw report.abandon(field.column(), Quote.of(address) + " is not an IPv6"
                        + " address; expected a prefix such as 2001:db8::/32 or ::/0");
            }
            if (bits < 0 || bits > 128) {
                throw report.abandon(slashColumn, "bad IPv6 prefix length "
                        + Quote.of("/" + bitsText) + ": expected a number from 0 to 128");
            }
            if (bits >= 96 && isIpv4Mapped(prefix)) {
                // IPv4-mapped destinations are matched as IPv4 (SPEC §2), so a prefix in
                // ::ffff:0:0/96 is the IPv4 network it maps.
                int ipv4 = (prefix[12] & 0xff) << 24 | (prefix[13] & 0xff) << 16
                        | (prefix[14] & 0xff) << 8 | (prefix[15] & 0xff);
                return new Complete(new AddressPattern.Ipv4Masked(ipv4, maskOf(bits - 96)));
            }
            return new Complete(new AddressPattern.Ipv6Prefix(prefix, bits));
        }
        Integer ipv4 = IpLiterals.parseIpv4(address);
        if (ipv4 == null) {
            if (IpLiterals.looksNumericDotted(address)) {
                throw report.abandon(field.column(), Quote.of(address) + " is not an IPv4"
                        + " address: write four numbers from 0 to 255 separated by dots, such as"
                        + " 10.2.0.0/16");
            }
            throw report.abandon(field.column(), Quote.of(field.text()) + " is not an address"
                    + " prefix; expected a.b.c.d/n (such as 10.2.0.0/16) or an IPv6 prefix");
        }
        if (bits < 0 || bits > 32) {
            throw report.abandon(slashColumn, "bad prefix length " + Quote.of("/" + bitsText)
                    + ": expected a number from 0 to 32" + LineReport.gluedCommandHint(bitsText,
                            before -> before.length() <= 2 && IpLiterals.isDecimal(before)));
        }
        return new Complete(new AddressPattern.Ipv4Masked(ipv4, maskOf(bits)));
    }

    /**
     * The mask field after a dotted quad or host name.
     *
     * @param next the field after the address, or {@code null} at the end of the line
     * @param operatorNext whether {@code next} is a port operator (so no mask was written)
     * @return the mask; 0 after reporting a bad one
     */
    int parseMask(ConfigLine.Field addressField, Spec address, ConfigLine.Field next,
            boolean operatorNext, int endColumn) {
        if (next == null || operatorNext) {
            throw report.abandon(next != null ? next.column() : endColumn, "missing mask after "
                    + Quote.of(addressField.text()) + "; write a dotted-quad mask such as"
                    + " 255.255.255.0 (255.255.255.255 for one host)"
                    + (address instanceof LiteralWithMask
                            ? ", or give the address as a.b.c.d/n" : ""));
        }
        Integer mask = IpLiterals.parseIpv4(next.text());
        if (mask != null) {
            return mask;
        }
        String hint = LineReport.gluedCommandHint(next.text(),
                before -> IpLiterals.parseIpv4(before) != null);
        String message = "bad mask " + Quote.of(next.text())
                + ": expected a dotted quad such as 255.255.255.0" + hint;
        if (!hint.isEmpty()) {
            // the rest of the line is the glued command's: judging it as fields would only
            // add noise
            throw report.abandon(next.column(), message);
        }
        report.error(next.column(), message);
        return 0;
    }

    /**
     * Host names are resolved only for lines with no error, so that a bad line costs no DNS
     * query. A name that does not resolve is a warning: the rule stays, never matching.
     */
    AddressPattern resolve(Spec address, ConfigLine.Field field, int mask) {
        if (address instanceof Complete complete) {
            return complete.pattern();
        }
        if (address instanceof LiteralWithMask literal) {
            return new AddressPattern.Ipv4Masked(literal.address(), mask);
        }
        HostNameWithMask host = (HostNameWithMask) address;
        String name = host.name();
        if (host.localHost()) {
            try {
                name = resolver.localHostName();
            } catch (UnknownHostException | SecurityException e) {
                report.warning(field.column(), "cannot find this host's name for LOCALHOSTNAME ("
                        + e.getMessage() + "); this line never matches");
                return new AddressPattern.HostAddresses(LOCALHOSTNAME, List.of(), mask);
            }
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(name);
        } catch (UnknownHostException | SecurityException e) {
            addresses = List.of();
        }
        if (addresses.isEmpty()) {
            report.warning(field.column(), "host name " + Quote.of(name)
                    + (host.localHost() ? " (LOCALHOSTNAME)" : "")
                    + " does not resolve; this line never matches");
        }
        return new AddressPattern.HostAddresses(name, addresses, mask);
    }

    private static boolean isIpv4Mapped(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }

    /** The IPv4 mask of a prefix length 0..32. */
    static int maskOf(int bits) {
        return bits == 0 ? 0 : -1 << (32 - bits);
    }
}
