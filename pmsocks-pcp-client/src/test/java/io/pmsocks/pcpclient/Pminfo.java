package io.pmsocks.pcpclient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the real pminfo(1) against a pmcd: the reference this client's output is compared with. */
final class Pminfo {

    static final Path PMINFO = Path.of("/usr/bin/pminfo");

    /** What pminfo printed and how it ended. */
    record Run(int status, String out, String err) {
    }

    private static final Pattern SINGULAR = Pattern.compile("^ {4}value (.*)$");
    private static final Pattern INSTANCE = Pattern.compile("^ {4}inst (\\[.*\\]) value (.*)$");

    private Pminfo() {
    }

    static Run run(String host, int port, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PMINFO.toString(), "-h", host + ":" + port));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("PMCD_"));
        Path err = Files.createTempFile("pminfo-", ".err");
        try {
            Process process = builder.redirectError(err.toFile()).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("pminfo did not finish: " + command);
            }
            return new Run(process.exitValue(), out, Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /**
     * {@code pminfo -f METRIC} rewritten into this client's line format: {@code value X} becomes
     * {@code METRIC X}, {@code inst [I or "N"] value X} becomes {@code METRIC [I or "N"] X}.
     */
    static List<String> valueLines(String host, int port, String metric) throws IOException, InterruptedException {
        Run run = run(host, port, "-f", metric);
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
