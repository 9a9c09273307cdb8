package io.pmsocks.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PCP's own pminfo(1): the reference the Java PCP client's values are compared with, and the C client that tsocks
 * and proxychains4 are tried on.
 */
public final class Pminfo {

    public static final Path PMINFO = Path.of("/usr/bin/pminfo");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern SINGULAR = Pattern.compile("^ {4}value (.*)$");
    private static final Pattern INSTANCE = Pattern.compile("^ {4}inst (\\[.*\\]) value (.*)$");

    private Pminfo() {
    }

    /** Why pminfo cannot be run here, or empty when it can. */
    public static Optional<String> whyUnavailable() {
        return Files.isExecutable(PMINFO)
                ? Optional.empty()
                : Optional.of(PMINFO + " is missing: PCP (Debian package pcp) is not installed");
    }

    /**
     * {@code pminfo -h HOST:PORT ARGUMENTS...} as a command line, for running it under another program
     * (tsocks, proxychains4).
     */
    public static List<String> command(String host, int port, String... arguments) {
        List<String> command = new ArrayList<>(List.of(PMINFO.toString(), "-h", host + ":" + port));
        command.addAll(List.of(arguments));
        return command;
    }

    /** This JVM's environment without {@code PMCD_*} (PMCD_PORT would change the port pminfo uses). */
    public static Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.keySet().removeIf(name -> name.startsWith("PMCD_") || ChildJvm.SCRUBBED_VARIABLES.contains(name));
        return environment;
    }

    /** Runs {@code pminfo -h HOST:PORT ARGUMENTS...} in {@code where} to completion. */
    public static CommandResult run(ProcessHost where, String host, int port, String... arguments) {
        return where.run(TIMEOUT, command(host, port, arguments), environment());
    }

    /**
     * {@code pminfo -f METRIC} run in {@code where} against {@code host:port}, in the Java PCP client's line format;
     * see {@link #valueLines(String, CommandResult)}.
     */
    public static List<String> valueLines(ProcessHost where, String host, int port, String metric) {
        return valueLines(metric, run(where, host, port, "-f", metric));
    }

    /**
     * What a {@code pminfo -f METRIC} run printed, rewritten into the Java PCP client's line format: {@code value X}
     * becomes {@code METRIC X}, {@code inst [I or "N"] value X} becomes {@code METRIC [I or "N"] X}. Fails, quoting
     * the output, when pminfo failed or printed something else.
     */
    public static List<String> valueLines(String metric, CommandResult pminfo) {
        pminfo.requireSuccess();
        List<String> lines = new ArrayList<>();
        for (String line : pminfo.stdoutLines()) {
            Matcher singular = SINGULAR.matcher(line);
            Matcher instance = INSTANCE.matcher(line);
            if (singular.matches()) {
                lines.add(metric + " " + singular.group(1));
            } else if (instance.matches()) {
                lines.add(metric + " " + instance.group(1) + " " + instance.group(2));
            } else if (!line.isBlank() && !line.equals(metric)) {
                throw new IllegalStateException(pminfo.describe("printed an unexpected line for " + metric
                        + ": " + line));
            }
        }
        if (lines.isEmpty()) {
            throw new IllegalStateException(pminfo.describe("printed no value for " + metric));
        }
        return lines;
    }
}
