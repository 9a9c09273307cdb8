package io.pmsocks.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** The destination part of a rule, after parsing and (for host names) resolution. */
public sealed interface AddressPattern {

    /** Does this pattern cover the destination? Port and user are checked elsewhere. */
    boolean matches(Destination destination);

    /** How {@code --check} shows it. */
    @Override
    String toString();

    /**
     * {@code address mask}: {@code (destination & mask) == (address & mask)} on IPv4. A mask of
     * {@code 0.0.0.0} matches every destination, IPv6 and unresolved names included (SPEC §2).
     * Masks need not be contiguous, as in CSTC.
     */
    record Ipv4Masked(int address, int mask) implements AddressPattern {

        public Ipv4Masked {
            address &= mask;
        }

        public boolean matchesEverything() {
            return mask == 0;
        }

        @Override
        public boolean matches(Destination destination) {
            if (mask == 0) {
                return true;
            }
            return destination.address() instanceof Inet4Address
                    && (toInt(destination.address()) & mask) == address;
        }

        @Override
        public String toString() {
            return dotted(address) + " " + dotted(mask);
        }
    }

    /** An IPv6 prefix ({@code 2001:db8::/32}, {@code ::/0}); matches IPv6 destinations only. */
    record Ipv6Prefix(byte[] prefix, int bits) implements AddressPattern {

        public Ipv6Prefix {
            if (prefix.length != 16 || bits < 0 || bits > 128) {
                throw new IllegalArgumentException("bad IPv6 prefix /" + bits);
            }
            prefix = prefix.clone();
            for (int bit = bits; bit < 128; bit++) {
                prefix[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
            }
        }

        @Override
        public byte[] prefix() {
            return prefix.clone();
        }

        @Override
        public boolean matches(Destination destination) {
            if (!(destination.address() instanceof Inet6Address)) {
                return false;
            }
            byte[] candidate = destination.address().getAddress();
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (candidate[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff00 >>> rest) & 0xff;
            return (candidate[whole] & mask) == (prefix[whole] & mask);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Ipv6Prefix that
                    && bits == that.bits && Arrays.equals(prefix, that.prefix);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(prefix) + bits;
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(prefix).getHostAddress() + "/" + bits;
            } catch (java.net.UnknownHostException impossible) {
                throw new AssertionError(impossible);
            }
        }
    }

    /**
     * {@code .example.com}: the host name the application gave ends in this suffix (or is the
     * domain itself). No DNS query is made for it.
     *
     * @param suffix lower case, with its leading dot
     */
    record DomainSuffix(String suffix) implements AddressPattern {

        public DomainSuffix {
            Objects.requireNonNull(suffix, "suffix");
            if (!suffix.startsWith(".") || suffix.length() < 2) {
                throw new IllegalArgumentException("not a .domain suffix: " + suffix);
            }
        }

        @Override
        public boolean matches(Destination destination) {
            String name = destination.normalizedHostName();
            return name != null && (name.endsWith(suffix) || name.equals(suffix.substring(1)));
        }

        @Override
        public String toString() {
            return suffix;
        }
    }

    /**
     * A host name (or {@code LOCALHOSTNAME}), resolved once at load: every address it resolved
     * to is covered. IPv4 addresses are compared under the mask; an IPv6 address of the name is
     * covered when the mask is {@code 255.255.255.255} (the whole address). With mask
     * {@code 0.0.0.0} a name that resolved matches every destination, as any other mask-0 rule
     * does (SPEC §2). A name that did not resolve has no addresses and never matches.
     */
    record HostAddresses(String name, List<InetAddress> addresses, int mask)
            implements AddressPattern {

        public HostAddresses {
            Objects.requireNonNull(name, "name");
            List<InetAddress> mapped = new ArrayList<>(addresses.size());
            for (InetAddress address : addresses) {
                mapped.add(Destination.ipv4IfMapped(address));
            }
            addresses = List.copyOf(mapped);
        }

        @Override
        public boolean matches(Destination destination) {
            if (mask == 0) {
                return !addresses.isEmpty();
            }
            InetAddress candidate = destination.address();
            if (candidate == null) {
                return false;
            }
            for (InetAddress address : addresses) {
                if (address instanceof Inet4Address && candidate instanceof Inet4Address) {
                    if ((toInt(address) & mask) == (toInt(candidate) & mask)) {
                        return true;
                    }
                } else if (mask == -1 && address.equals(candidate)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return name + " " + dotted(mask);
        }
    }

    static int toInt(InetAddress ipv4) {
        byte[] b = ipv4.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    static String dotted(int value) {
        return (value >>> 24) + "." + (value >>> 16 & 0xff) + "." + (value >>> 8 & 0xff) + "."
                + (value & 0xff);
    }
}
