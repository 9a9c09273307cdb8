package io.pmsocks.config;

import java.util.Objects;

/**
 * A sockd to contact, as written ({@code fw}, {@code fw:1081}, {@code [2001:db8::1]:1080}).
 * The host is kept as text: server names are resolved when used, never at load (SPEC §2).
 */
public record SocksServer(String host, int port) {

    public static final int DEFAULT_PORT = 1080;

    public SocksServer {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty sockd host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("sockd port out of range: " + port);
        }
    }

    /** {@code host:port}, with brackets around an IPv6 literal. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
