package io.pmsocks.pcpclient;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The command line: {@code [-p PORT] [-t TIMEOUT_SECONDS] HOST METRIC...}.
 *
 * @param connectTimeout {@code -t}: connect timeout and the wait for each answer; empty when not
 *     given, so that the connect has no timeout of its own
 */
public record ClientOptions(String host, int port, Optional<Duration> connectTimeout, List<String> metrics) {

    public static final String USAGE = "Usage: pmsocks-pcp-client [-p PORT] [-t TIMEOUT_SECONDS] HOST METRIC...";

    /** The command line is wrong; the message says how. */
    public static final class UsageException extends Exception {

        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    public ClientOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        metrics = List.copyOf(metrics);
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("no metrics");
        }
    }

    /**
     * Parses the arguments. Without {@code -p} the port is the first of {@code PMCD_PORT}
     * (a comma-separated list, as libpcp reads it), else 44321.
     */
    public static ClientOptions parse(List<String> args, Map<String, String> environment) throws UsageException {
        Integer port = null;
        Optional<Duration> timeout = Optional.empty();
        int next = 0;
        while (next < args.size() && args.get(next).startsWith("-")) {
            String option = args.get(next++);
            if (option.equals("--")) {
                break;
            }
            if (!option.equals("-p") && !option.equals("-t")) {
                throw new UsageException("unknown option " + option);
            }
            if (next == args.size()) {
                throw new UsageException("option " + option + " needs a value");
            }
            String value = args.get(next++);
            if (option.equals("-p")) {
                port = port(value, "-p " + value);
            } else {
                timeout = Optional.of(seconds(value));
            }
        }
        List<String> operands = args.subList(next, args.size());
        if (operands.size() < 2) {
            throw new UsageException(operands.isEmpty() ? "no host given" : "no metric given");
        }
        if (port == null) {
            port = defaultPort(environment);
        }
        return new ClientOptions(operands.get(0), port, timeout, operands.subList(1, operands.size()));
    }

    private static int defaultPort(Map<String, String> environment) throws UsageException {
        String ports = environment.get("PMCD_PORT");
        if (ports == null || ports.isBlank()) {
            return PmcdClient.DEFAULT_PORT;
        }
        String first = ports.split(",", -1)[0].trim();
        return port(first, "PMCD_PORT=" + ports);
    }

    private static int port(String text, String origin) throws UsageException {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the others
        }
        throw new UsageException(origin + ": not a port number (1 to 65535)");
    }

    /** Seconds as a plain decimal number, fractions allowed, like PMCD_CONNECT_TIMEOUT. */
    private static Duration seconds(String text) throws UsageException {
        if (text.matches("[0-9]+(\\.[0-9]+)?|\\.[0-9]+")) {
            BigDecimal millis = new BigDecimal(text).movePointRight(3);
            if (millis.signum() > 0 && millis.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
                return Duration.ofNanos(millis.movePointRight(6).longValue());
            }
        }
        throw new UsageException("-t " + text + ": not a positive number of seconds");
    }
}
