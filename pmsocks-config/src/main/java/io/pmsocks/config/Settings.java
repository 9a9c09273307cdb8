package io.pmsocks.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The environment variables of SPEC §4, and the agent options that mirror them (an option wins
 * over its variable). Built once, at start-up; invalid values are located errors naming the
 * variable or option.
 *
 * @param configOption {@code --config}/{@code config=}, or {@code null}
 * @param defaultServer SOCKS_SERVER:SOCKS_PORT, or {@code null} when SOCKS_SERVER is unset
 * @param nameServer SOCKS_NS, or {@code null}
 * @param debug where {@code [pmsocks]} lines go
 * @param banner SOCKS_BANNER is set
 * @param pmcdConnectTimeout PMCD_CONNECT_TIMEOUT (default 5 s)
 * @param pmcdPorts PMCD_PORT (default 44321 and 4321)
 */
public record Settings(
        String configOption,
        SocksServer defaultServer,
        String nameServer,
        Debug debug,
        boolean banner,
        Duration pmcdConnectTimeout,
        Set<Integer> pmcdPorts) {

    public static final Duration DEFAULT_PMCD_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Set<Integer> DEFAULT_PMCD_PORTS = Set.of(44321, 4321);

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
        NS("ns", "SOCKS_NS"),
        DEBUG("debug", "SOCKS_DEBUG"),
        BANNER("banner", "SOCKS_BANNER"),
        PMCD_TIMEOUT("pmcd_timeout", "PMCD_CONNECT_TIMEOUT"),
        PMCD_PORT("pmcd_port", "PMCD_PORT");

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
    }

    public ConfigLocation configLocation(Map<String, String> environment) {
        return ConfigLocation.choose(configOption, environment);
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

        String server = lookup.value(Key.SERVER);
        int port = SocksServer.DEFAULT_PORT;
        String portText = lookup.value(Key.PORT);
        if (portText != null && !portText.isEmpty()) {
            port = parsePort(portText, -1);
            if (port < 1) {
                errors.add(lookup.error(Key.PORT, "not a TCP port number: '" + portText + "'"));
                port = SocksServer.DEFAULT_PORT;
            }
        }
        SocksServer defaultServer = server == null || server.isEmpty()
                ? null : new SocksServer(server, port);

        String nameServer = lookup.value(Key.NS);
        if (nameServer != null && nameServer.isEmpty()) {
            nameServer = null;
        }

        Debug debug = Debug.OFF;
        String debugText = lookup.value(Key.DEBUG);
        if (debugText != null) {
            String lower = debugText.toLowerCase(Locale.ROOT);
            if (debugText.startsWith("/")) {
                debug = new Debug(true, Path.of(debugText));
            } else if (!lower.equals("0") && !lower.equals("off") && !lower.equals("false")) {
                debug = Debug.STDERR;
            }
        }

        boolean banner = lookup.value(Key.BANNER) != null;

        Duration timeout = DEFAULT_PMCD_CONNECT_TIMEOUT;
        String timeoutText = lookup.value(Key.PMCD_TIMEOUT);
        if (timeoutText != null && !timeoutText.isEmpty()) {
            try {
                // plain decimal only: Double.parseDouble would also take "5d", "0x1p3", "NaN"
                if (!timeoutText.matches("[0-9]+(\\.[0-9]*)?|\\.[0-9]+")) {
                    throw new NumberFormatException(timeoutText);
                }
                double seconds = Double.parseDouble(timeoutText);
                if (!(seconds > 0) || Double.isInfinite(seconds)) {
                    throw new NumberFormatException();
                }
                timeout = Duration.ofNanos(Math.round(seconds * 1e9));
            } catch (NumberFormatException e) {
                errors.add(lookup.error(Key.PMCD_TIMEOUT,
                        "not a positive number of seconds: '" + timeoutText + "'"));
            }
        }

        Set<Integer> pmcdPorts = DEFAULT_PMCD_PORTS;
        String portsText = lookup.value(Key.PMCD_PORT);
        if (portsText != null && !portsText.isEmpty()) {
            // PCP separates the ports with commas; agent options are comma-separated
            // already, so there a colon separates them too.
            Set<Integer> parsed = new LinkedHashSet<>();
            for (String part : portsText.split("[,:]")) {
                int value = parsePort(part.trim(), -1);
                if (value < 1) {
                    errors.add(lookup.error(Key.PMCD_PORT,
                            "not a TCP port number: '" + part.trim() + "'"));
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
        return new Settings(lookup.optionValue(Key.CONFIG), defaultServer, nameServer, debug,
                banner, timeout, pmcdPorts);
    }

    private static int parsePort(String text, int invalid) {
        if (text.length() > 5 || !IpLiterals.isDecimal(text)) {
            return invalid;
        }
        int value = Integer.parseInt(text);
        return value >= 1 && value <= 65535 ? value : invalid;
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
