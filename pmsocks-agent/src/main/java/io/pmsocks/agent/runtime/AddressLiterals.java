package io.pmsocks.agent.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Address literals in host strings, recognised without asking any resolver: an unresolved
 * {@code InetSocketAddress} may still hold an address, as text.
 */
final class AddressLiterals {

    private AddressLiterals() {
    }

    /**
     * The address {@code host} spells: four decimal numbers 0-255 separated by dots (ASCII
     * digits only, as in the configuration), or an IPv6 literal, bracketed or not.
     *
     * @return the address, or {@code null} when {@code host} is a name
     */
    static InetAddress parse(String host) {
        byte[] ipv4 = dottedQuad(host);
        if (ipv4 != null) {
            return byAddress(ipv4);
        }
        if (host.indexOf(':') < 0 || !startsAsIpv6Literal(host.charAt(0))) {
            return null;
        }
        // Bracketed, or starting with a hex digit or ':', and holding a ':': the JDK parses
        // the text as an IPv6 literal or rejects it, and never asks a resolver.
        try {
            InetAddress address = InetAddress.getByName(host);
            return byAddress(address.getAddress());
        } catch (UnknownHostException | SecurityException notALiteral) {
            return null;
        }
    }

    private static boolean startsAsIpv6Literal(char c) {
        return c == '[' || c == ':' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
                || (c >= 'A' && c <= 'F');
    }

    private static byte[] dottedQuad(String host) {
        byte[] address = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c >= '0' && c <= '9') {
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else if (c == '.' && value >= 0 && part < 3) {
                address[part++] = (byte) value;
                value = -1;
            } else {
                return null;
            }
        }
        if (part != 3 || value < 0) {
            return null;
        }
        address[3] = (byte) value;
        return address;
    }

    /** An address without a host name, so that it is not taken for one the application gave. */
    private static InetAddress byAddress(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException impossible) {
            throw new IllegalArgumentException(impossible);
        }
    }
}
