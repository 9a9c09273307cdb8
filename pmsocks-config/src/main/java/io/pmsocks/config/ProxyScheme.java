package io.pmsocks.config;

import java.util.Locale;
import java.util.Optional;

/**
 * The protocol spoken to a server of an {@code @=} list or a server variable (SPEC §2), named
 * by the {@code SCHEME://} that starts its entry; {@link #SOCKS4} when there is none.
 */
public enum ProxyScheme {
    /** SOCKS4, and SOCKS4a for a name that has no local address. */
    SOCKS4("socks4"),
    /** SOCKS5 (RFC 1928), user name and password by RFC 1929. */
    SOCKS5("socks5"),
    /** SOCKS5 that sends the host name whenever the application gave one. */
    SOCKS5H("socks5h"),
    /** HTTP/1.1 {@code CONNECT}, Basic proxy authentication. */
    HTTP("http");

    /** What the SCHEME of an entry may be, for messages. */
    public static final String NAMES = "socks4, socks4a, socks5, socks5h or http";

    private final String label;

    ProxyScheme(String label) {
        this.label = label;
    }

    /** The scheme as written in entries and printed: {@code socks4}, {@code socks5h}... */
    public String label() {
        return label;
    }

    /** Whether a user name and password can be given to such a server (SOCKS5 and http). */
    public boolean takesCredentials() {
        return this != SOCKS4;
    }

    /**
     * The scheme written {@code text} (case-insensitive); {@code socks4a} is another name for
     * {@link #SOCKS4}, which already uses SOCKS4a where it must.
     */
    public static Optional<ProxyScheme> ofLabel(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("socks4a")) {
            return Optional.of(SOCKS4);
        }
        for (ProxyScheme scheme : values()) {
            if (scheme.label.equals(lower)) {
                return Optional.of(scheme);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return label;
    }
}
