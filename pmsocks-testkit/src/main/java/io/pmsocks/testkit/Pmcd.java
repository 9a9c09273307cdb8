package io.pmsocks.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real pmcd (Debian's {@code pcp}) started by hand: no systemd, no rc script, and nothing of the system's own
 * configuration ({@code /etc/pcp/pmcd}, {@code /run/pcp}) read or written. Everything it needs lives in a folder of
 * its own that {@link #close()} removes:
 *
 * <ul>
 *   <li>{@code pmcd.conf}: two agents as DSOs loaded into pmcd itself, the pmcd PMDA (domain 2: {@code pmcd.*}) and
 *       the Linux PMDA (domain 60: {@code hinv.*}, {@code kernel.*}, {@code mem.*}...); no {@code [access]}
 *       section, so any host may fetch;
 *   <li>{@code root}: the namespace of those two agents, merged by pmnsmerge from the installed
 *       {@code /var/lib/pcp/pmns/root_pmcd} and {@code root_linux} (the system's merged {@code root} exists only
 *       after the packaging scripts have run);
 *   <li>{@code pmcd.socket}, {@code pmcd.log}, {@code pmcd.fatal}: its Unix socket, log, and start-up failure
 *       messages (the default for the latter is /dev/tty, which a test has not got).
 * </ul>
 *
 * <p>pmcd runs in the foreground ({@code -f}), so it writes no PID file and keeps the identity it was started with;
 * it needs neither root nor the pcp user. It listens on one address and port ({@code -i}, {@code -p}) with service
 * advertisement off ({@code -A}). Started in a {@link Namespace} it runs there, and the topology ends it on close
 * like any process it started.
 */
public final class Pmcd implements AutoCloseable {

    /** Where Debian's pcp installs pmcd and pmnsmerge; neither is on PATH. */
    static final Path PMCD = Path.of("/usr/lib/pcp/bin/pmcd");
    static final Path PMNSMERGE = Path.of("/usr/lib/pcp/bin/pmnsmerge");
    private static final Path PMDAS = Path.of("/var/lib/pcp/pmdas");
    private static final Path PMNS = Path.of("/var/lib/pcp/pmns");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** An agent pmcd loads as a DSO: one pmcd.conf line, and the namespace file of its metrics. */
    private record DsoAgent(String name, int domain, String entry, Path library, Path namespace) {

        String configLine() {
            return name + "\t" + domain + "\tdso\t" + entry + "\t" + library;
        }
    }

    private static final List<DsoAgent> AGENTS = List.of(
            new DsoAgent("pmcd", 2, "pmcd_init", PMDAS.resolve("pmcd/pmda_pmcd.so"), PMNS.resolve("root_pmcd")),
            new DsoAgent("linux", 60, "linux_init", PMDAS.resolve("linux/pmda_linux.so"), PMNS.resolve("root_linux")));

    private final ChildProcess process;
    private final Path directory;
    private final String address;
    private final int port;

    private Pmcd(ChildProcess process, Path directory, String address, int port) {
        this.process = process;
        this.directory = directory;
        this.address = address;
        this.port = port;
    }

    /**
     * Why a pmcd cannot be started here (PCP not installed, or without the Linux PMDA), or empty when it can.
     */
    public static Optional<String> whyUnavailable() {
        List<Path> needed = new ArrayList<>(List.of(PMCD, PMNSMERGE));
        AGENTS.forEach(agent -> needed.addAll(List.of(agent.library(), agent.namespace())));
        return needed.stream()
                .filter(path -> !Files.isReadable(path))
                .findFirst()
                .map(path -> path + " is missing: PCP (Debian package pcp) with its Linux PMDA is not installed");
    }

    /**
     * Starts pmcd in {@code where} (a namespace, or {@link LocalHost} for loopback) on {@code address:port} and
     * returns once it listens there. Fails with pmcd's own messages when it does not start.
     */
    public static Pmcd start(ProcessHost where, String address, int port) {
        Objects.requireNonNull(address, "address");
        whyUnavailable().ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
        Path directory = where.directory().resolve("pmcd-" + SEQUENCE.incrementAndGet() + "-" + port);
        try {
            Files.createDirectories(directory);
            Files.write(directory.resolve("pmcd.conf"),
                    AGENTS.stream().map(DsoAgent::configLine).toList(), StandardCharsets.US_ASCII);
            mergeNamespace(directory);
            List<String> command = List.of(PMCD.toString(), "-f", "-A",
                    "-i", address, "-p", Integer.toString(port),
                    "-c", directory.resolve("pmcd.conf").toString(),
                    "-n", directory.resolve("root").toString(),
                    "-s", directory.resolve("pmcd.socket").toString(),
                    "-l", directory.resolve("pmcd.log").toString(),
                    "-x", directory.resolve("pmcd.fatal").toString());
            Pmcd pmcd = new Pmcd(where.start(command, environment()), directory, address, port);
            try {
                pmcd.awaitListening();
            } catch (RuntimeException e) {
                pmcd.close();
                throw e;
            }
            return pmcd;
        } catch (IOException e) {
            TempDirectories.deleteRecursively(directory);
            throw new UncheckedIOException("cannot prepare pmcd's folder " + directory, e);
        } catch (RuntimeException e) {
            TempDirectories.deleteRecursively(directory);
            throw e;
        }
    }

    /** This JVM's environment without {@code PMCD_*}: PMCD_PORT, PMCD_LOCAL and the like change where pmcd listens. */
    static Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.keySet().removeIf(name -> name.startsWith("PMCD_"));
        return environment;
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
        return process.command();
    }

    /** pmcd's own folder: configuration, namespace, socket and log. Gone after {@link #close()}. */
    public Path directory() {
        return directory;
    }

    /** pmcd's log so far. */
    public String log() {
        return read(directory.resolve("pmcd.log"));
    }

    /** Stops pmcd (SIGTERM, then SIGKILL after a grace period) and removes its folder. */
    @Override
    public void close() {
        try {
            process.kill();
        } finally {
            TempDirectories.deleteRecursively(directory);
        }
    }

    @Override
    public String toString() {
        return "Pmcd[" + address + ":" + port + ", pid " + process.pid() + "]";
    }

    private static void mergeNamespace(Path directory) {
        List<String> command = new ArrayList<>(List.of(PMNSMERGE.toString()));
        AGENTS.forEach(agent -> command.add(agent.namespace().toString()));
        command.add(directory.resolve("root").toString());
        try (ChildProcess merge = ChildProcess.start(command, System.getenv(), directory, "pmnsmerge")) {
            merge.awaitResult(START_TIMEOUT).requireSuccess();
        }
    }

    /**
     * Waits for the line of pmcd's port table that says its TCP socket is open: pmcd writes the table once every
     * socket is bound and listening, and this works across network namespaces, where a probe connect from here
     * could not reach it.
     */
    private void awaitListening() {
        Pattern listening = Pattern.compile("(?m)^\\s*ok\\s+\\d+\\s+" + port + "\\s+(inet|ipv6)\\s");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!listening.matcher(log()).find()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("pmcd on " + address + ":" + port + " exited: " + diagnostics());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pmcd did not listen on " + address + ":" + port + " within "
                        + START_TIMEOUT.toSeconds() + " s: " + diagnostics());
            }
            ChildProcess.sleep(POLL_INTERVAL);
        }
    }

    private String diagnostics() {
        return Stream.of(Map.entry("pmcd.fatal", read(directory.resolve("pmcd.fatal"))),
                        Map.entry("stdout", process.stdout()), Map.entry("stderr", process.stderr()),
                        Map.entry("pmcd.log", log()))
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

    /**
     * {@code Pmcd ADDRESS PORT}: runs a pmcd on this host until this JVM is stopped (Ctrl-C, SIGTERM), then stops it
     * and removes its files.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("Usage: java -cp pmsocks-testkit.jar io.pmsocks.testkit.Pmcd ADDRESS PORT");
            System.exit(2);
        }
        LocalHost host = LocalHost.create();
        Pmcd pmcd = start(host, args[0], Integer.parseInt(args[1]));
        System.out.println("pmcd " + pmcd.pid() + " listening on " + args[0] + ":" + args[1]);
        System.out.println(String.join(" ", pmcd.command()));
        // the shutdown hook of LocalHost stops pmcd and removes its folder
        while (pmcd.process.isAlive()) {
            Thread.sleep(1000);
        }
    }
}
