package io.pmsocks.config;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The addresses the agent answers for names only the far side can resolve (SPEC §3): a
 * placeholder stands for its name until a connect to it is routed by that name.
 *
 * <p>{@code 240.0.0.0/16}, the first /16 of {@code 240.0.0.0/4}, which RFC 1112 §4 reserves
 * "for future use" and RFC 6890 lists as not forwardable and not global: no address in it is
 * assigned to any host, routers drop packets for it, and {@code isMulticastAddress()},
 * {@code isSiteLocalAddress()} and the other checks programs make are all false for it.
 * Multicast (proxychains' {@code 224.0.0.0/8}) makes programs that check addresses refuse it;
 * {@code 100.64.0.0/10} (shared address space) is what Tailscale and carrier-grade NAT route, and
 * {@code 198.18.0.0/15} (benchmarking) is what fake-IP DNS proxies on desktops (Clash, Surge,
 * sing-box) answer, so a placeholder there could collide with an address that resolves locally.
 *
 * <p>Rules match no address of this range by address: only {@code .domain} rules (by the name
 * the placeholder stands for) and mask-{@code 0.0.0.0} rules can match it.
 */
public final class PlaceholderRange {

    /** The range as {@code --check}, messages and the documentation write it. */
    public static final String CIDR = "240.0.0.0/16";

    /** The first two bytes of every placeholder. */
    private static final int PREFIX = 240 << 24;
    private static final int MASK = 0xffff0000;

    /**
     * How many placeholders there are: every address of the /16 but the first and the last,
     * which some programs take for a network and a broadcast address.
     */
    public static final int CAPACITY = 65534;

    private PlaceholderRange() {
    }

    /** Whether {@code address} is in the range (an IPv4-mapped IPv6 address counts as IPv4). */
    public static boolean contains(InetAddress address) {
        InetAddress ipv4 = Destination.ipv4IfMapped(address);
        return ipv4 instanceof Inet4Address && contains(AddressPattern.toInt(ipv4));
    }

    static boolean contains(int ipv4) {
        return (ipv4 & MASK) == PREFIX;
    }

    /**
     * The bytes of the {@code index}th placeholder, {@code 0 <= index < CAPACITY}:
     * {@code 240.0.0.1} first.
     */
    public static byte[] address(int index) {
        if (index < 0 || index >= CAPACITY) {
            throw new IllegalArgumentException("placeholder index out of range: " + index);
        }
        int value = PREFIX | (index + 1);
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8),
            (byte) value};
    }

    /** The index of a placeholder's bytes, or -1 when {@code address} is not in the range. */
    public static int indexOf(InetAddress address) {
        InetAddress ipv4 = Destination.ipv4IfMapped(address);
        if (!(ipv4 instanceof Inet4Address)) {
            return -1;
        }
        int value = AddressPattern.toInt(ipv4);
        if (!contains(value)) {
            return -1;
        }
        int index = (value & ~MASK) - 1;
        return index >= 0 && index < CAPACITY ? index : -1;
    }
}
