package io.pmsocks.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The environment variables of SPEC §4, and the agent options that mirror them (an option wins
 * over its variable). Built once, at start-up; invalid values are located errors naming the
 * variable or option.
 *
 * @param configOption {@code --config}/{@code config=}, or {@code null}
 * @param defaultServer the server of sockd rules without {@code @=}: SOCKS_SERVER (with
 *     SOCKS_PORT), else SOCKS5_SERVER, else SOCKS4_SERVER, else HTTP_CONNECT_PROXY; or
 *     {@code null} when none is set
 * @param nameServer SOCKS_NS, or {@code null}
 * @param debug where {@code [pmsocks]} lines go
 * @param banner SOCKS_BANNER is set
 * @param pmcdConnectTimeout PMCD_CONNECT_TIMEOUT (default 5 s)
 * @param pmcdPorts PMCD_PORT (default 44321 and 4321)
 * @param connectBound PMSOCKS_CONNECT_TIMEOUT: the bound of a blocking connect through a
 *     proxy for which the application gave no timeout (default 60 s; {@link Duration#ZERO}:
 *     none)
 * @param credentials where the user names and passwords of socks5 and http servers come from
 *     (SOCKS_USERNAME, SOCKS_PASSWORD, PMSOCKS_CREDENTIALS); nothing is read before a
 *     server needs it
 */
public record Settings(
        String configOption,
        SocksServer defaultServer,
        String nameServer,
        Debug debug,
        boolean banner,
        Duration pmcdConnectTimeout,
        Set<Integer> pmcdPorts,
        Duration connectBound,
        CredentialLookup credentials) {

    public static final Duration DEFAULT_PMCD_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * The largest PMCD_CONNECT_TIMEOUT, in seconds: an hour is already far more than any
     * pmcd needs, and it keeps the milliseconds well inside the {@code int} of
     * {@code Socket.connect}.
     */
    public static final int MAX_PMCD_CONNECT_TIMEOUT_SECONDS = 3600;
    public static final Set<Integer> DEFAULT_PMCD_PORTS = Set.of(44321, 4321);
    /**
     * The bound of a blocking connect through a proxy for which the application gave no
     * timeout ({@code new Socket(host, port)}, a blocking channel's {@code connect}). A direct
     * connect without a timeout ends after the kernel's SYN retries (about 2 minutes with
     * Linux's default {@code tcp_syn_retries} = 6), but a proxy that accepts and then never
     * answers would hold it forever. 60 s is twice Dante's default {@code timeout.connect} of
     * 30 s, so that sockd's own answer for a slow destination (reply 91) comes first, and short
     * enough that a hung proxy is reported while someone still waits for it.
     */
    public static final Duration DEFAULT_CONNECT_BOUND = Duration.ofSeconds(60);
    /** The largest PMSOCKS_CONNECT_TIMEOUT, in seconds (0 turns the bound off). */
    public static final int MAX_CONNECT_BOUND_SECONDS = 86400;

    /** Where debug lines go: nowhere, stderr, or appended to a file. */
    public record Debug(boolean enabled, Path file) {
        public static final Debug OFF = new Debug(false, null);
        public static final Debug STDERR = new Debug(true, null);
    }

    /** Agent option names, each mirroring the variable beside it. */
    public enum Key {
        CONFIG("config", ConfigLocation.ENVIRONMENT_VARIABLE),
        SERVER("server", "SOCKS_SERVER"),
        PORT("port", "SOCKS_PORT"),
        SOCKS5_SERVER("socks5_server", "SOCKS5_SERVER"),
        SOCKS4_SERVER("socks4_server", "SOCKS4_SERVER"),
        HTTP_CONNECT_PROXY("http_connect_proxy", "HTTP_CONNECT_PROXY"),
        USERNAME("username", CredentialLookup.USER_VARIABLE),
        CREDENTIALS("credentials", CredentialLookup.FILE_VARIABLE),
        NS("ns", "SOCKS_NS"),
        DEBUG("debug", "SOCKS_DEBUG"),
        BANNER("banner", "SOCKS_BANNER"),
        PMCD_TIMEOUT("pmcd_timeout", "PMCD_CONNECT_TIMEOUT"),
        PMCD_PORT("pmcd_port", "PMCD_PORT"),
        CONNECT_TIMEOUT("connect_timeout", "PMSOCKS_CONNECT_TIMEOUT");

        private final String option;
        private final String variable;

        Key(String option, String variable) {
            this.option = option;
            this.variable = variable;
        }

        public String option() {
            return option;
        }

        public String variable() {
            return variable;
        }
    }

    public Settings {
        pmcdPorts = Set.copyOf(pmcdPorts);
        Objects.requireNonNull(connectBound, "connectBound");
        Objects.requireNonNull(credentials, "credentials");
    }

    /** @throws ConfigException the path named cannot be a path here (InvalidPathException) */
    public ConfigLocation configLocation(Map<String, String> environment)
            throws ConfigException {
        return ConfigLocation.choose(configOption, environment);
    }

    /**
     * What is wrong with an agent option named {@code key}, or {@code null} when it is one.
     * A password option is refused with its reason: agent options are on the command line or
     * in JAVA_TOOL_OPTIONS, which other users can read in {@code /proc}.
     */
    public static String optionProblem(String key) {
        for (Key known : Key.values()) {
            if (known.option().equals(key)) {
                return null;
            }
        }
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.contains("password") || lower.contains("passwd") || lower.equals("pass")) {
            return "a password is never taken from an agent option (other users can read the"
                    + " command line in /proc): set " + CredentialLookup.PASSWORD_VARIABLE
                    + " or write it in the credentials file (pcp_socks.conf(5))";
        }
        StringBuilder names = new StringBuilder();
        for (Key known : Key.values()) {
            names.append(names.length() == 0 ? "" : ", ").append(known.option());
        }
        return "unknown option " + Quote.of(key) + "; the options are " + names;
    }

    public boolean isPmcdPort(int port) {
        return pmcdPorts.contains(port);
    }

    /**
     * @param environment the process environment
     * @param options agent options ({@code key -> value}; a flag such as {@code debug} maps
     *     to the empty string), or an empty map
     */
    public static Settings from(Map<String, String> environment, Map<String, String> options)
            throws ConfigException {
        List<Diagnostic> errors = new ArrayList<>();
        Lookup lookup = new Lookup(environment, options);

        for (String key : options.keySet()) {
            String problem = optionProblem(key);
            if (problem != null) {
                errors.add(Diagnostic.error("agent option " + Quote.escaped(key), 0, 0, problem));
            }
        }

        int port = SocksServer.DEFAULT_PORT;
        String portText = lookup.value(Key.PORT);
        if (portText != null && !portText.isEmpty()) {
            port = HostPort.parsePort(portText);
            if (port < 1) {
                errors.add(lookup.error(Key.PORT, "not a TCP port number: " + Quote.of(portText)));
                port = SocksServer.DEFAULT_PORT;
            }
        }
        SocksServer defaultServer = defaultServer(lookup, port, errors);
        String nameServer = lookup.value(Key.NS);
        if (nameServer != null && nameServer.isEmpty()) {
            nameServer = null;
        }
        if (nameServer != null) {
            // host[:port] of a DNS server, as a dns:// URL takes it (IPv6 in brackets)
            try {
                HostPort.parse(nameServer, 0, false);
            } catch (AddressSyntaxException e) {
                errors.add(lookup.error(Key.NS, e.getMessage()));
                nameServer = null;
            }
        }

        Debug debug = Debug.OFF;
        String debugText = lookup.value(Key.DEBUG);
        if (debugText != null) {
            String lower = debugText.toLowerCase(Locale.ROOT);
            if (debugText.startsWith("/")) {
                try {
                    debug = new Debug(true, RegularFiles.path(debugText));
                } catch (RegularFiles.Unreadable e) {
                    errors.add(lookup.error(Key.DEBUG, Quote.of(debugText) + " is "
                            + e.getMessage()));
                }
            } else if (!lower.equals("0") && !lower.equals("off") && !lower.equals("false")) {
                debug = Debug.STDERR;
            }
        }

        boolean banner = lookup.value(Key.BANNER) != null;
        String credentialsFile = lookup.optionValue(Key.CREDENTIALS);

        Duration timeout = DEFAULT_PMCD_CONNECT_TIMEOUT;
        String timeoutText = lookup.value(Key.PMCD_TIMEOUT);
        if (timeoutText != null && !timeoutText.isEmpty()) {
            try {
                // plain decimal only: Double.parseDouble would also take "5d", "0x1p3", "NaN"
                if (!timeoutText.matches("[0-9]+(\\.[0-9]*)?|\\.[0-9]+")) {
                    throw new NumberFormatException(timeoutText);
                }
                double seconds = Double.parseDouble(timeoutText);
                if (!(seconds > 0)) {
                    throw new NumberFormatException(timeoutText);
                }
                if (seconds > MAX_PMCD_CONNECT_TIMEOUT_SECONDS) {
                    errors.add(lookup.error(Key.PMCD_TIMEOUT, Quote.of(timeoutText)
                            + " is more than " + MAX_PMCD_CONNECT_TIMEOUT_SECONDS + " seconds"));
                } else if (seconds < 0.001) {
                    // 0 ms would mean no timeout at all to Socket.connect
                    errors.add(lookup.error(Key.PMCD_TIMEOUT, Quote.of(timeoutText)
                            + " is less than a millisecond (0.001)"));
                } else {
                    timeout = Duration.ofMillis(Math.round(seconds * 1000));
                }
            } catch (NumberFormatException e) {
                errors.add(lookup.error(Key.PMCD_TIMEOUT,
                        "not a positive number of seconds: " + Quote.of(timeoutText)));
            }
        }

        Duration connectBound = DEFAULT_CONNECT_BOUND;
        String boundText = lookup.value(Key.CONNECT_TIMEOUT);
        if (boundText != null && !boundText.isEmpty()) {
            // plain decimal only, as PMCD_CONNECT_TIMEOUT; 0 means no bound at all
            if (!boundText.matches("[0-9]+(\\.[0-9]*)?|\\.[0-9]+")
                    || Double.parseDouble(boundText) > MAX_CONNECT_BOUND_SECONDS) {
                errors.add(lookup.error(Key.CONNECT_TIMEOUT, "not a number of seconds from 0"
                        + " (no bound) to " + MAX_CONNECT_BOUND_SECONDS + ": "
                        + Quote.of(boundText)));
            } else {
                connectBound = Duration.ofMillis(Math.round(Double.parseDouble(boundText) * 1000));
            }
        }

        Set<Integer> pmcdPorts = DEFAULT_PMCD_PORTS;
        String portsText = lookup.value(Key.PMCD_PORT);
        if (portsText != null && !portsText.isEmpty()) {
            // PCP separates the ports with commas; agent options are comma-separated
            // already, so there a colon separates them too.
            Set<Integer> parsed = new LinkedHashSet<>();
            for (String part : portsText.split("[,:]")) {
                int value = HostPort.parsePort(part.trim());
                if (value < 1) {
                    errors.add(lookup.error(Key.PMCD_PORT,
                            "not a TCP port number: " + Quote.of(part.trim())));
                } else {
                    parsed.add(value);
                }
            }
            if (!parsed.isEmpty()) {
                pmcdPorts = parsed;
            }
        }

        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        CredentialLookup credentials = CredentialLookup.from(
                credentialsFile == null ? environment : withFile(environment, credentialsFile),
                lookup.value(Key.USERNAME));
        return new Settings(lookup.optionValue(Key.CONFIG), defaultServer, nameServer, debug,
                banner, timeout, pmcdPorts, connectBound, credentials);
    }

    /**
     * The first server variable set, in SPEC §4's order; each one set is checked, so that a
     * typo in one that another hides is still found.
     *
     * @param socksPort SOCKS_PORT (1080 when unset), for a SOCKS_SERVER without a port
     */
    private static SocksServer defaultServer(Lookup lookup, int socksPort,
            List<Diagnostic> errors) {
        SocksServer chosen = null;
        String text = lookup.value(Key.SERVER);
        if (text != null && !text.isEmpty()) {
            try {
                chosen = SocksServer.parse(text, socksPort);
            } catch (AddressSyntaxException e) {
                errors.add(lookup.error(Key.SERVER, e.getMessage()));
            }
        }
        chosen = firstOf(chosen, lookup, Key.SOCKS5_SERVER, ProxyScheme.SOCKS5, errors);
        chosen = firstOf(chosen, lookup, Key.SOCKS4_SERVER, ProxyScheme.SOCKS4, errors);
        return firstOf(chosen, lookup, Key.HTTP_CONNECT_PROXY, ProxyScheme.HTTP, errors);
    }

    /**
     * {@code chosen} if not {@code null}, else the server {@code key} names: {@code host[:port]}
     * spoken to in {@code scheme}; HTTP_CONNECT_PROXY as Dante writes it,
     * {@code http://host:port}, where the {@code http://} may be left out.
     */
    private static SocksServer firstOf(SocksServer chosen, Lookup lookup, Key key,
            ProxyScheme scheme, List<Diagnostic> errors) {
        String text = lookup.value(key);
        if (text == null || text.isEmpty()) {
            return chosen;
        }
        String hostPort = text;
        if (scheme == ProxyScheme.HTTP) {
            if (hostPort.regionMatches(true, 0, "http://", 0, 7)) {
                hostPort = hostPort.substring(7);
            }
            if (hostPort.endsWith("/")) {
                hostPort = hostPort.substring(0, hostPort.length() - 1);
            }
        }
        if (hostPort.indexOf("://") >= 0 || hostPort.indexOf('@') >= 0) {
            errors.add(lookup.error(key, Quote.of(text) + ": write only "
                    + (scheme == ProxyScheme.HTTP ? "http://host[:port]" : "host[:port]")
                    + " here; a scheme or user goes in SOCKS_SERVER"
                    + " ([SCHEME://][USER@]HOST[:PORT])"));
            return chosen;
        }
        try {
            HostPort parsed = HostPort.parse(hostPort, SocksServer.DEFAULT_PORT, false);
            return chosen != null ? chosen
                    : new SocksServer(scheme, null, parsed.host(), parsed.port());
        } catch (AddressSyntaxException e) {
            errors.add(lookup.error(key, e.getMessage()));
            return chosen;
        }
    }

    private static Map<String, String> withFile(Map<String, String> environment, String file) {
        Map<String, String> copy = new HashMap<>(environment);
        copy.put(CredentialLookup.FILE_VARIABLE, file);
        return copy;
    }

    /** Reads a key from the options first, then the environment; names the one it used. */
    private record Lookup(Map<String, String> environment, Map<String, String> options) {

        String value(Key key) {
            String option = options.get(key.option());
            return option != null ? option : environment.get(key.variable());
        }

        String optionValue(Key key) {
            return options.get(key.option());
        }

        Diagnostic error(Key key, String message) {
            String source = options.containsKey(key.option())
                    ? "agent option " + key.option() : key.variable();
            return Diagnostic.error(source, 0, 0, message);
        }
    }
}
