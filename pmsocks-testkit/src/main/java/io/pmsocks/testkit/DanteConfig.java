package io.pmsocks.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Dante} server is told: where it listens, which address its outgoing connects use, and its socks
 * rules in order (the first that matches decides; a request no rule matches is blocked, as Dante does).
 *
 * @param internalAddress  the address sockd listens on (in the firewall namespace)
 * @param port             the port sockd listens on
 * @param externalAddress  the source address of sockd's connects to destinations
 * @param socksRules       the {@code socks pass/block} rules, first match wins
 * @param connectTimeout   how long sockd waits for a destination to accept ({@code timeout.connect})
 * @param logSocks4UserIds log at debug level 1, which is the only way Dante 1.4.2 logs the SOCKS4 user id
 * @param logDataTransfers log every relayed read/write with its byte count ({@code iooperation})
 * @param externalAddress6 the source address of sockd's connects to IPv6 destinations, if it makes any
 * @param socksMethods     the SOCKS5 authentication methods sockd accepts, in its order of preference
 *                         ({@code socksmethod}); SOCKS4 requests pass only when {@link SocksMethod#NONE} is one
 */
public record DanteConfig(String internalAddress, int port, String externalAddress, List<DanteRule> socksRules,
                          Duration connectTimeout, boolean logSocks4UserIds, boolean logDataTransfers,
                          Optional<String> externalAddress6, List<SocksMethod> socksMethods) {

    public static final int DEFAULT_PORT = 1080;
    private static final Duration DANTE_DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /** A {@code socksmethod} of Dante 1.4.2 that the kit configures. */
    public enum SocksMethod {
        /** No authentication: SOCKS5 method 0, and the only way SOCKS4 requests get in. */
        NONE,
        /**
         * SOCKS5 user name and password (RFC 1929, method 2), checked against the system's password database: the
         * user must exist on the machine (see {@link SystemUser}). Dante then refuses SOCKS4 and method 0.
         */
        USERNAME;

        String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public DanteConfig {
        TestAddresses.requireTestAddress(internalAddress);
        TestAddresses.requireTestAddress(externalAddress);
        Objects.requireNonNull(externalAddress6, "externalAddress6");
        externalAddress6.ifPresent(TestAddresses::requireTestAddress6);
        socksMethods = List.copyOf(socksMethods);
        if (socksMethods.isEmpty()) {
            throw new IllegalArgumentException("Dante needs at least one socksmethod");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        socksRules = List.copyOf(socksRules);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || connectTimeout.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("Dante's connect timeout is a positive whole number of seconds, not "
                    + connectTimeout);
        }
    }

    /**
     * The firewall's sockd: listens on the inside leg ({@value Topology#FIREWALL_INSIDE_ADDRESS}) at
     * {@code port}, connects from the outside leg ({@value Topology#FIREWALL_OUTSIDE_ADDRESS}, and
     * {@value Topology#FIREWALL_OUTSIDE_ADDRESS6} to IPv6 destinations when the kernel has IPv6), passes everything,
     * without authentication (SOCKS4, and SOCKS5 method 0).
     */
    public static DanteConfig firewall(int port) {
        return new DanteConfig(Topology.FIREWALL_INSIDE_ADDRESS, port, Topology.FIREWALL_OUTSIDE_ADDRESS,
                List.of(DanteRule.passAll()), DANTE_DEFAULT_CONNECT_TIMEOUT, false, false,
                Topology.hasIpv6() ? Optional.of(Topology.FIREWALL_OUTSIDE_ADDRESS6) : Optional.empty(),
                List.of(SocksMethod.NONE));
    }

    /** The same server listening on another of the firewall's inside addresses, e.g. for a second sockd. */
    public DanteConfig listeningOn(String address, int newPort) {
        return new DanteConfig(address, newPort, externalAddress, socksRules, connectTimeout, logSocks4UserIds,
                logDataTransfers, externalAddress6, socksMethods);
    }

    /** Replaces the socks rules; remember a final {@link DanteRule#passAll()} if anything else should pass. */
    public DanteConfig withRules(DanteRule... rules) {
        return new DanteConfig(internalAddress, port, externalAddress, List.of(rules), connectTimeout,
                logSocks4UserIds, logDataTransfers, externalAddress6, socksMethods);
    }

    /**
     * Accepts only these SOCKS5 methods, in this order of preference: {@code withSocksMethods(USERNAME)} makes a
     * sockd that demands a user name and password (and refuses SOCKS4).
     */
    public DanteConfig withSocksMethods(SocksMethod... methods) {
        return new DanteConfig(internalAddress, port, externalAddress, socksRules, connectTimeout, logSocks4UserIds,
                logDataTransfers, externalAddress6, List.of(methods));
    }

    /** Blocks {@code destination} (reply 91) and passes everything else. */
    public DanteConfig blocking(String destination) {
        return withRules(DanteRule.block(destination), DanteRule.passAll());
    }

    public DanteConfig withConnectTimeout(Duration timeout) {
        return new DanteConfig(internalAddress, port, externalAddress, socksRules, timeout, logSocks4UserIds,
                logDataTransfers, externalAddress6, socksMethods);
    }

    /** Turns on debug logging so that {@link DanteLog#socks4UserIds()} can read the user ids clients sent. */
    public DanteConfig withSocks4UserIdsLogged() {
        return new DanteConfig(internalAddress, port, externalAddress, socksRules, connectTimeout, true,
                logDataTransfers, externalAddress6, socksMethods);
    }

    /** Logs each relayed read and write with its byte count. */
    public DanteConfig withDataTransfersLogged() {
        return new DanteConfig(internalAddress, port, externalAddress, socksRules, connectTimeout, logSocks4UserIds,
                true, externalAddress6, socksMethods);
    }

    /** The danted.conf text, logging to {@code logFile}. */
    String render(Path logFile, String unprivilegedUser) {
        String socksLog = "connect disconnect error" + (logDataTransfers ? " iooperation" : "");
        StringBuilder conf = new StringBuilder()
                .append("# written by pmsocks-testkit\n")
                .append("logoutput: ").append(logFile).append('\n')
                .append(logSocks4UserIds ? "debug: 1\n" : "")
                .append("internal: ").append(internalAddress).append(" port = ").append(port).append('\n')
                .append("external: ").append(externalAddress).append('\n')
                .append(externalAddress6.map(address -> "external: " + address + "\n").orElse(""))
                // SOCKS4 has no authentication methods; "none" is what lets its requests through
                .append("clientmethod: none\n")
                .append("socksmethod:")
                .append(socksMethods.stream().map(method -> " " + method.keyword()).reduce("", String::concat))
                .append('\n')
                // root opens the log file and the listening socket; the children then run unprivileged
                .append("user.privileged: root\n")
                .append("user.unprivileged: ").append(unprivilegedUser).append('\n')
                .append("timeout.connect: ").append(connectTimeout.toSeconds()).append('\n')
                .append("client pass {\n")
                // 0/0: IPv4 and IPv6 alike
                .append("    from: 0/0 to: 0/0\n")
                .append("    log: connect disconnect error\n")
                .append("}\n");
        for (DanteRule rule : socksRules) {
            conf.append(rule.render(socksLog));
        }
        return conf.toString();
    }
}
