package io.pmsocks.config;

import java.util.Objects;

/**
 * A user name and password for a socks5 or http server (SPEC §2). The password is never
 * printed: {@link #toString()} leaves it out, so that no message, debug line or exception
 * built from this value can show it.
 */
public record ProxyCredentials(String user, String password) {

    public ProxyCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "ProxyCredentials[user=" + user + ", password=(hidden)]";
    }
}
