package io.pmsocks.pcpclient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real pmcd started by hand: no systemd, no rc script, and nothing of the system's own
 * configuration ({@code /etc/pcp/pmcd}, {@code /run/pcp}) read or written. Everything it needs
 * lives in a private directory that {@link #close()} removes:
 *
 * <ul>
 *   <li>{@code pmcd.conf}: two agents as DSOs loaded into pmcd itself, the pmcd PMDA
 *       (domain 2: {@code pmcd.*}) and the Linux PMDA (domain 60: {@code hinv.*},
 *       {@code kernel.*}, {@code mem.*}...); no {@code [access]} section, so any host may fetch;
 *   <li>{@code root}: the namespace of those two agents, merged by pmnsmerge from the
 *       installed {@code /var/lib/pcp/pmns/root_pmcd} and {@code root_linux} (the system's
 *       merged {@code root} exists only after the packaging scripts have run);
 *   <li>{@code pmcd.socket}, {@code pmcd.log}, {@code pmcd.fatal}: its Unix socket, log, and
 *       start-up failure messages (the default for the latter is /dev/tty).
 * </ul>
 *
 * <p>pmcd runs in the foreground ({@code -f}), so it writes no PID file and keeps the identity
 * it was started with; it needs neither root nor the pcp user. It listens on one address and
 * port ({@code -i}, {@code -p}) with service advertisement off ({@code -A}). A command prefix
 * such as {@code ip netns exec NS} runs it inside a network namespace.
 */
public final class PrivatePmcd implements AutoCloseable {

    static final Path PMCD = Path.of("/usr/lib/pcp/bin/pmcd");
    static final Path PMNSMERGE = Path.of("/usr/lib/pcp/bin/pmnsmerge");
    private static final Path PMDAS = Path.of("/var/lib/pcp/pmdas");
    private static final Path PMNS = Path.of("/var/lib/pcp/pmns");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    /** An agent pmcd loads as a DSO: one pmcd.conf line, and the namespace file of its metrics. */
    private record DsoAgent(String name, int domain, String entry, Path library, Path namespace) {

        String configLine() {
            return name + "\t" + domain + "\tdso\t" + entry + "\t" + library;
        }
    }

    private static final List<DsoAgent> AGENTS = List.of(
            new DsoAgent("pmcd", 2, "pmcd_init", PMDAS.resolve("pmcd/pmda_pmcd.so"), PMNS.resolve("root_pmcd")),
            new DsoAgent("linux", 60, "linux_init", PMDAS.resolve("linux/pmda_linux.so"), PMNS.resolve("root_linux")));

    private final Process process;
    private final Path directory;
    private final String address;
    private final int port;
    private final List<String> command;

    private PrivatePmcd(Process process, Path directory, String address, int port, List<String> command) {
        this.process = process;
        this.directory = directory;
        this.address = address;
        this.port = port;
        this.command = List.copyOf(command);
    }

    /**
     * Why a pmcd cannot be started here (PCP not installed, or without the Linux PMDA), or empty
     * when it can.
     */
    public static Optional<String> whyUnavailable() {
        List<Path> needed = new ArrayList<>(List.of(PMCD, PMNSMERGE));
        AGENTS.forEach(agent -> needed.addAll(List.of(agent.library(), agent.namespace())));
        return needed.stream()
                .filter(path -> !Files.isReadable(path))
                .findFirst()
                .map(path -> path + " is missing: PCP (Debian package pcp) with its Linux PMDA is not installed");
    }

    /** Starts pmcd on {@code address:port} and returns once it listens there. */
    public static PrivatePmcd start(String address, int port) throws IOException, InterruptedException {
        return start(address, port, List.of());
    }

    /**
     * Starts pmcd on {@code address:port} and returns once it listens there.
     *
     * @param commandPrefix words put before pmcd's command line, e.g. {@code ip netns exec NS};
     *     the prefix must exec pmcd, so that stopping the process stops pmcd
     */
    public static PrivatePmcd start(String address, int port, List<String> commandPrefix)
            throws IOException, InterruptedException {
        Objects.requireNonNull(address, "address");
        Optional<String> unavailable = whyUnavailable();
        if (unavailable.isPresent()) {
            throw new IOException(unavailable.get());
        }
        Path directory = Files.createTempDirectory("pmcd-");
        try {
            Files.write(directory.resolve("pmcd.conf"),
                    AGENTS.stream().map(DsoAgent::configLine).toList(), StandardCharsets.US_ASCII);
            mergeNamespace(directory);
            List<String> command = new ArrayList<>(commandPrefix);
            command.addAll(List.of(PMCD.toString(), "-f", "-A",
                    "-i", address, "-p", Integer.toString(port),
                    "-c", directory.resolve("pmcd.conf").toString(),
                    "-n", directory.resolve("root").toString(),
                    "-s", directory.resolve("pmcd.socket").toString(),
                    "-l", directory.resolve("pmcd.log").toString(),
                    "-x", directory.resolve("pmcd.fatal").toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(directory.resolve("pmcd.out").toFile())
                    .redirectErrorStream(true);
            // PMCD_PORT, PMCD_LOCAL and the like would change where pmcd listens
            builder.environment().keySet().removeIf(name -> name.startsWith("PMCD_"));
            PrivatePmcd pmcd = new PrivatePmcd(builder.start(), directory, address, port, command);
            try {
                pmcd.awaitListening();
            } catch (IOException | InterruptedException | RuntimeException e) {
                pmcd.close();
                throw e;
            }
            return pmcd;
        } catch (IOException | InterruptedException | RuntimeException e) {
            deleteTree(directory);
            throw e;
        }
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** The command that started pmcd, for reports. */
    public List<String> command() {
        return command;
    }

    /** pmcd's log so far. */
    public String log() {
        return read(directory.resolve("pmcd.log"));
    }

    /** Stops pmcd (SIGTERM, then SIGKILL after 5 s) and removes its directory. */
    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            deleteTree(directory);
        }
    }

    private static void mergeNamespace(Path directory) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PMNSMERGE.toString()));
        AGENTS.forEach(agent -> command.add(agent.namespace().toString()));
        command.add(directory.resolve("root").toString());
        Path output = directory.resolve("pmnsmerge.out");
        Process merge = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!merge.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            merge.destroyForcibly();
            throw new IOException("pmnsmerge did not finish within " + START_TIMEOUT.toSeconds() + " s");
        }
        if (merge.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with status " + merge.exitValue()
                    + ": " + read(output));
        }
    }

    /**
     * Waits for the line of pmcd's port table that says its TCP socket is open: pmcd writes the
     * table once every socket is bound and listening, and this works across network namespaces,
     * where a probe connect from here could not reach it.
     */
    private void awaitListening() throws IOException, InterruptedException {
        Pattern listening = Pattern.compile("(?m)^\\s*ok\\s+\\d+\\s+" + port + "\\s+(inet|ipv6)\\s");
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (listening.matcher(log()).find()) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("pmcd exited with status " + process.exitValue() + ": " + diagnostics());
            }
            Thread.sleep(50);
        }
        throw new IOException("pmcd did not listen on " + address + ":" + port + " within "
                + START_TIMEOUT.toSeconds() + " s: " + diagnostics());
    }

    private String diagnostics() {
        return Stream.of("pmcd.fatal", "pmcd.out", "pmcd.log")
                .map(name -> Map.entry(name, read(directory.resolve(name))))
                .filter(entry -> !entry.getValue().isBlank())
                .map(entry -> entry.getKey() + ":\n" + entry.getValue().strip())
                .reduce((first, second) -> first + "\n" + second)
                .orElse("(no output)");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + directory, e);
        }
    }

    /**
     * {@code PrivatePmcd ADDRESS PORT}: runs a pmcd until this JVM is stopped (Ctrl-C, SIGTERM),
     * then stops it and removes its files.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("Usage: PrivatePmcd ADDRESS PORT");
            System.exit(2);
        }
        PrivatePmcd pmcd = start(args[0], Integer.parseInt(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(pmcd::close));
        System.out.println("pmcd " + pmcd.pid() + " listening on " + args[0] + ":" + args[1]);
        System.out.println(String.join(" ", pmcd.command()));
        pmcd.process.waitFor();
    }
}
