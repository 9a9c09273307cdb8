package io.pmsocks.testkit;

import java.util.Objects;

/**
 * A user name and password that a test proxy demands (microsocks {@code -u/-P}, tinyproxy {@code BasicAuth}, a
 * {@link SystemUser} for Dante's {@code username} method). {@link #toString()} leaves the password out, so that a
 * failure message never prints it either.
 *
 * @param user     the user name: printable ASCII without blanks or colons, 1..255 bytes (RFC 1929's limit)
 * @param password the password: printable ASCII without blanks, 1..255 bytes
 */
public record ProxyCredentials(String user, String password) {

    public ProxyCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (!user.matches("[!-9;-~]{1,255}")) {
            throw new IllegalArgumentException("user name must be 1..255 printable ASCII characters without blanks"
                    + " or ':', not '" + user + "'");
        }
        if (!password.matches("[!-~]{1,255}")) {
            throw new IllegalArgumentException("password must be 1..255 printable ASCII characters without blanks");
        }
    }

    @Override
    public String toString() {
        return "ProxyCredentials[user=" + user + "]";
    }
}
