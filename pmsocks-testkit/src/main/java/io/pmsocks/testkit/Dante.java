package io.pmsocks.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A real Dante sockd ({@code danted}, Debian's dante-server 1.4.2) running in the foreground in a namespace, so
 * that the test owns its PID: {@code ip netns exec} replaces itself with danted, whose own children end with it.
 * Its log is the evidence that a connect went through sockd; see {@link DanteLog} for its format.
 */
public final class Dante implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final DanteConfig config;
    private final Path directory;
    private final Path configFile;
    private final Path logFile;
    private final ChildProcess process;

    private Dante(DanteConfig config, Path directory, Path configFile, Path logFile, ChildProcess process) {
        this.config = config;
        this.directory = directory;
        this.configFile = configFile;
        this.logFile = logFile;
        this.process = process;
    }

    /**
     * Writes the configuration, starts danted in {@code namespace} and returns once its port accepts connections.
     * Fails with danted's own messages when it does not start.
     */
    public static Dante start(Namespace namespace, DanteConfig config) {
        Objects.requireNonNull(config, "config");
        Path directory = namespace.directory().resolve("dante-" + SEQUENCE.incrementAndGet() + "-" + config.port());
        Path configFile = directory.resolve("danted.conf");
        Path logFile = directory.resolve("danted.log");
        Path pidFile = directory.resolve("danted.pid");
        try {
            Files.createDirectories(directory);
            Files.writeString(configFile, config.render(logFile, unprivilegedUser()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile, e);
        }
        ChildProcess process = namespace.start(List.of(Executables.danted().toString(),
                "-f", configFile.toString(), "-p", pidFile.toString(), "-N", "1"), System.getenv());
        Dante dante = new Dante(config, directory, configFile, logFile, process);
        dante.awaitListening();
        return dante;
    }

    /** Where clients reach this sockd. */
    public String address() {
        return config.internalAddress();
    }

    public int port() {
        return config.port();
    }

    public DanteConfig config() {
        return config;
    }

    /** The PID of the main danted process. */
    public long pid() {
        return process.pid();
    }

    /** The main process and its children, for a test that checks they are all gone after a stop. */
    public List<ProcessHandle> processes() {
        return ProcessHandle.of(process.pid()).stream()
                .flatMap(main -> Stream.concat(Stream.of(main), main.descendants()))
                .toList();
    }

    public Path configFile() {
        return configFile;
    }

    public Path logFile() {
        return logFile;
    }

    public Path directory() {
        return directory;
    }

    /** Every complete line of the log so far. */
    public List<String> logLines() {
        try {
            return ChildProcess.completeLines(new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + logFile, e);
        }
    }

    /** The log so far, parsed. */
    public DanteLog log() {
        return new DanteLog(logLines());
    }

    /** Connects that sockd made to {@code address:port} so far, see {@link DanteLog#connectsPassedTo}. */
    public List<DanteLog.Event> connectsLoggedTo(String address, int port) {
        return log().connectsPassedTo(address, port);
    }

    /**
     * Waits until the log shows {@code count} connects to {@code address:port}. Dante writes the line from another
     * process than the one that answered the client, so it may appear just after the client saw reply 90.
     */
    public List<DanteLog.Event> awaitConnectsLoggedTo(String address, int port, int count, Duration timeout) {
        return awaitLog(log -> log.connectsPassedTo(address, port), count, timeout,
                "a passed connect to " + address + ":" + port);
    }

    /** Waits until the log shows {@code count} refused requests for {@code address:port}. */
    public List<DanteLog.Event> awaitBlocksLoggedTo(String address, int port, int count, Duration timeout) {
        return awaitLog(log -> log.connectsBlockedTo(address, port), count, timeout,
                "a blocked connect to " + address + ":" + port);
    }

    private List<DanteLog.Event> awaitLog(Function<DanteLog, List<DanteLog.Event>> query, int count,
                                          Duration timeout, String what) {
        return LogPolling.await(() -> query.apply(log()), count, timeout,
                found -> "Dante's log shows " + found.size() + " of " + count + " x " + what + " after " + timeout
                        + "; log " + logFile + ":\n" + String.join("\n", logLines()));
    }

    /**
     * Kills danted and all its children at once with SIGKILL, as a crash or the OOM killer would (no session is
     * ended cleanly), and waits until they are gone.
     */
    public void kill() {
        List<ProcessHandle> all = processes();
        all.forEach(ProcessHandle::destroyForcibly);
        process.kill();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        all.forEach(handle -> ChildProcess.awaitEnd(handle, deadline));
    }

    /** Stops danted and its children and waits until they are gone. */
    public void stop() {
        process.kill();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "Dante[" + address() + ":" + port() + ", pid " + process.pid() + "]";
    }

    private void awaitListening() {
        ListeningSockets.await(process, "danted", address(), port(), START_TIMEOUT,
                () -> "\n--- " + configFile + " ---\n" + TempDirectories.readForMessage(configFile)
                        + "\n--- " + logFile + " ---\n" + TempDirectories.readForMessage(logFile));
    }

    /** danted drops to this user after start; {@code nobody} where it exists, as Debian's own config does. */
    private static String unprivilegedUser() {
        try {
            boolean hasNobody = Files.readAllLines(Path.of("/etc/passwd")).stream()
                    .anyMatch(line -> line.startsWith("nobody:"));
            return hasNobody ? "nobody" : "root";
        } catch (IOException e) {
            return "root";
        }
    }
}
