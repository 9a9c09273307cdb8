package io.pmsocks.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged tarball, unpacked once per test JVM into a temporary directory as a user would
 * install it, and a way to run commands against it with a clean environment.
 */
final class UnpackedDistribution {

    static final Path TARBALL = Path.of(System.getProperty("pmsocks.tarball"));
    static final String VERSION = System.getProperty("pmsocks.expectedVersion");

    private static Path home;

    private UnpackedDistribution() {
    }

    /** {@code pmsocks-VERSION/} of the unpacked tarball. */
    static synchronized Path home() {
        if (home == null) {
            try {
                Path directory = Files.createTempDirectory("pmsocks-dist-it-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory)));
                Run tar = run(directory, environment(), List.of("/bin/tar", "-xzf",
                        TARBALL.toString(), "-C", directory.toString()));
                if (tar.status() != 0) {
                    throw new IllegalStateException("cannot unpack " + TARBALL + ": " + tar.err());
                }
                home = directory.resolve("pmsocks-" + VERSION);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return home;
    }

    static Path pmsocks() {
        return home().resolve("bin/pmsocks");
    }

    static Path shippedConfig() {
        return home().resolve("etc/pcp_socks.conf");
    }

    /**
     * This JVM's environment without the variables that would change pmsocks' behaviour
     * behind a test's back, and with JAVA_HOME set to the JDK that runs the build.
     */
    static Map<String, String> environment() {
        Map<String, String> variables = new HashMap<>(System.getenv());
        variables.keySet().removeIf(name -> name.startsWith("SOCKS_") || name.startsWith("PMCD_")
                || name.equals("PMSOCKS_CONFIG") || name.equals("JAVA_TOOL_OPTIONS")
                || name.equals("JDK_JAVA_OPTIONS") || name.equals("_JAVA_OPTIONS"));
        variables.put("JAVA_HOME", System.getProperty("java.home"));
        return variables;
    }

    /** What a command did: its status, its stdout as bytes, its stderr as text. */
    record Run(int status, byte[] outBytes, String err) {
        String out() {
            return new String(outBytes, StandardCharsets.UTF_8);
        }

        String describe() {
            return "status " + status + "\n--- stdout ---\n" + out() + "\n--- stderr ---\n" + err;
        }
    }

    /** Runs a command to completion (60 s at most) with stdin from /dev/null. */
    static Run run(Path directory, Map<String, String> variables, List<String> command) {
        Path out = directory.resolve("run.out");
        Path err = directory.resolve("run.err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().putAll(variables);
        try {
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not end within 60 s");
            }
            return new Run(process.exitValue(), Files.readAllBytes(out),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static List<String> command(Object... parts) {
        List<String> command = new ArrayList<>();
        for (Object part : parts) {
            command.add(part.toString());
        }
        return command;
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // best effort at JVM exit
        }
    }
}
