package io.pmsocks.config;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A server to connect through, as written: {@code fw}, {@code fw:1081},
 * {@code socks5://alice@fw}, {@code http://[2001:db8::1]:3128} (SPEC §2). The host is kept as
 * text: server names are resolved when used, never at load. No password is ever part of it.
 *
 * @param scheme the protocol to speak to it
 * @param user the user name written in the entry ({@code USER@}), or {@code null}; only
 *     {@link ProxyScheme#takesCredentials() socks5 and http} servers take one
 * @param host a host name, a dotted quad or an IPv6 literal (without brackets)
 * @param port the TCP port, 1080 when the entry has none
 */
public record SocksServer(ProxyScheme scheme, String user, String host, int port) {

    public static final int DEFAULT_PORT = 1080;

    public SocksServer {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty server host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("server port out of range: " + port);
        }
        if (user != null) {
            if (!scheme.takesCredentials()) {
                throw new IllegalArgumentException(scheme.label() + " servers take no user name");
            }
            if (userProblem(user) != null) {
                throw new IllegalArgumentException("bad user name for server " + host);
            }
        }
    }

    /** A SOCKS4 server without user name, as CSTC's {@code host[:port]} entries are. */
    public SocksServer(String host, int port) {
        this(ProxyScheme.SOCKS4, null, host, port);
    }

    /**
     * Parses one entry {@code [SCHEME://][USER@]HOST[:PORT]} of an {@code @=} list or of
     * {@code SOCKS_SERVER} (SPEC §2).
     *
     * @param defaultPort the port when the entry has none (1080, or SOCKS_PORT)
     * @throws AddressSyntaxException saying what is wrong, located in {@code text}
     */
    public static SocksServer parse(String text, int defaultPort) throws AddressSyntaxException {
        ProxyScheme scheme = ProxyScheme.SOCKS4;
        int start = 0;
        int separator = text.indexOf("://");
        if (separator >= 0) {
            String written = text.substring(0, separator);
            if (written.isEmpty()) {
                throw new AddressSyntaxException(0, "no scheme before '://'; write "
                        + ProxyScheme.NAMES + ", or leave out '://' for socks4");
            }
            Optional<ProxyScheme> named = ProxyScheme.ofLabel(written);
            if (named.isEmpty()) {
                throw new AddressSyntaxException(0, "unknown scheme " + Quote.of(written)
                        + "; expected " + ProxyScheme.NAMES);
            }
            scheme = named.get();
            start = separator + 3;
        }
        String user = null;
        int at = text.lastIndexOf('@');
        if (at >= start) {
            user = text.substring(start, at);
            String problem = userProblem(user);
            if (problem != null) {
                throw new AddressSyntaxException(start + Math.max(0, user.indexOf(':')), problem);
            }
            if (!scheme.takesCredentials()) {
                throw new AddressSyntaxException(start, scheme.label() + " servers take no user"
                        + " name (SOCKS4 sends the effective user name); write socks5://"
                        + Quote.escaped(user) + "@... or http://" + Quote.escaped(user) + "@...");
            }
            start = at + 1;
        }
        HostPort hostPort;
        try {
            hostPort = HostPort.parse(text.substring(start), defaultPort, false);
        } catch (AddressSyntaxException e) {
            throw new AddressSyntaxException(start + e.index(), e.getMessage());
        }
        return new SocksServer(scheme, user, hostPort.host(), hostPort.port());
    }

    /**
     * What is wrong with a user name of an entry, or {@code null}. A {@code :} means a
     * password written in the file, which is refused: the configuration file is readable by
     * everyone, and passwords belong in SOCKS_PASSWORD or the owner-only credentials file.
     */
    static String userProblem(String user) {
        if (user.isEmpty()) {
            return "empty user name before '@'; write USER@HOST or leave out the '@'";
        }
        if (user.indexOf(':') >= 0) {
            return "a password is not accepted in a server entry (everyone can read this file):"
                    + " write only USER@, and put the password in SOCKS_PASSWORD or in the"
                    + " credentials file (pcp_socks.conf(5))";
        }
        if (user.getBytes(StandardCharsets.UTF_8).length > 255) {
            return "user name longer than 255 bytes";
        }
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            if (c <= ' ' || c == 0x7f || c == ',' || c == '/') {
                return "user name " + Quote.of(user) + " has a character not allowed in it"
                        + " (blank, control, ',' or '/')";
            }
        }
        return null;
    }

    /**
     * {@code [scheme://][user@]host:port}, the scheme left out for socks4, brackets around an
     * IPv6 literal: the form of {@code --explain}, {@code --check} and debug lines (SPEC §5).
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (scheme != ProxyScheme.SOCKS4) {
            text.append(scheme.label()).append("://");
        }
        if (user != null) {
            text.append(user).append('@');
        }
        return text.append(HostPort.display(host, port)).toString();
    }
}
