package io.pmsocks.agent.protocol;

import java.util.Objects;

/**
 * A user name and password for a SOCKS5 (RFC 1929) or HTTP (Basic) proxy. The password never
 * appears in {@link #toString()}, nor in any message of this package.
 */
public record Credentials(String user, String password) {

    public Credentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.isEmpty()) {
            throw new IllegalArgumentException("empty user name");
        }
    }

    @Override
    public String toString() {
        return "user " + user + " (password not shown)";
    }
}
