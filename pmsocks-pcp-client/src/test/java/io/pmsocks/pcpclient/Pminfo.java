package io.pmsocks.pcpclient;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the real pminfo(1) against a pmcd: the reference this client's output is compared with. */
final class Pminfo {

    static final Path PMINFO = Path.of("/usr/bin/pminfo");

    private static final Pattern SINGULAR = Pattern.compile("^ {4}value (.*)$");
    private static final Pattern INSTANCE = Pattern.compile("^ {4}inst (\\[.*\\]) value (.*)$");

    private Pminfo() {
    }

    static ChildRun run(String host, int port, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PMINFO.toString(), "-h", host + ":" + port));
        command.addAll(List.of(arguments));
        return ChildRun.of(command);
    }

    /**
     * {@code pminfo -f METRIC} rewritten into this client's line format: {@code value X} becomes
     * {@code METRIC X}, {@code inst [I or "N"] value X} becomes {@code METRIC [I or "N"] X}.
     */
    static List<String> valueLines(String host, int port, String metric) throws IOException, InterruptedException {
        ChildRun run = run(host, port, "-f", metric);
        if (run.status() != 0) {
            throw new IOException("pminfo -f " + metric + " failed (" + run.status() + "): " + run.err());
        }
        List<String> lines = new ArrayList<>();
        for (String line : run.out().split("\n")) {
            Matcher singular = SINGULAR.matcher(line);
            Matcher instance = INSTANCE.matcher(line);
            if (singular.matches()) {
                lines.add(metric + " " + singular.group(1));
            } else if (instance.matches()) {
                lines.add(metric + " " + instance.group(1) + " " + instance.group(2));
            } else if (!line.isBlank() && !line.equals(metric)) {
                throw new IOException("unexpected pminfo line for " + metric + ": " + line);
            }
        }
        if (lines.isEmpty()) {
            throw new IOException("pminfo printed no value for " + metric + ": " + run.out());
        }
        return lines;
    }
}
