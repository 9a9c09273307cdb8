package io.pmsocks.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real tinyproxy (Debian's {@code tinyproxy} 1.11), an HTTP proxy, running in the foreground in a namespace
 * ({@code tinyproxy -d -c FILE}) with a configuration the kit writes ({@link TinyproxyConfig}). Its log is its
 * standard output; the lines a test looks for:
 *
 * <pre>
 * CONNECT   Dec 04 16:31:58.942 [16683]: Request (file descriptor 6): CONNECT 10.231.2.2:7000 HTTP/1.1
 * CONNECT   Dec 04 16:31:58.945 [16683]: Established connection to host "10.231.2.2" using file descriptor 5.
 * INFO      Dec 04 16:31:58.949 [16683]: Refused CONNECT method on port 22
 * </pre>
 */
public final class Tinyproxy implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final TinyproxyConfig config;
    private final Path configFile;
    private final ChildProcess process;

    private Tinyproxy(TinyproxyConfig config, Path configFile, ChildProcess process) {
        this.config = config;
        this.configFile = configFile;
        this.process = process;
    }

    /**
     * Writes the configuration, starts tinyproxy in {@code where} and returns once it listens on every address.
     * Fails with its configuration and output when it does not start.
     */
    public static Tinyproxy start(ProcessHost where, TinyproxyConfig config) {
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(config, "config");
        Path configFile = where.directory().resolve("tinyproxy-" + SEQUENCE.incrementAndGet() + "-" + config.port()
                + ".conf");
        try {
            Files.writeString(configFile, config.render());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile, e);
        }
        ChildProcess process = where.start(List.of(Executables.tinyproxy().toString(), "-d", "-c",
                configFile.toString()));
        for (String address : config.listenAddresses()) {
            ListeningSockets.await(process, "tinyproxy", address, config.port(), START_TIMEOUT,
                    () -> "\n--- " + configFile + " ---\n" + TempDirectories.readForMessage(configFile)
                            + "\n--- stdout ---\n" + process.stdout());
        }
        return new Tinyproxy(config, configFile, process);
    }

    public TinyproxyConfig config() {
        return config;
    }

    /** The first listening address. */
    public String address() {
        return config.listenAddresses().get(0);
    }

    public int port() {
        return config.port();
    }

    public Path configFile() {
        return configFile;
    }

    public long pid() {
        return process.pid();
    }

    /** Every complete line of its log so far. */
    public List<String> logLines() {
        return process.stdoutLines();
    }

    /** How many {@code CONNECT} tunnels to {@code host} it has opened so far (the host as the client named it). */
    public long connectsEstablishedTo(String host) {
        return tunnelLinesTo(host).size();
    }

    /** How many {@code CONNECT} requests it refused for {@code port} (not a {@code ConnectPort}). */
    public long connectsRefusedForPort(int port) {
        String wanted = "Refused CONNECT method on port " + port;
        return logLines().stream().filter(line -> line.endsWith(wanted)).count();
    }

    /**
     * Waits until the log shows {@code count} tunnels opened to {@code host}; tinyproxy writes the line around the
     * time the client sees {@code 200 Connection established}.
     */
    public void awaitConnectsEstablishedTo(String host, int count, Duration timeout) {
        LogPolling.await(() -> tunnelLinesTo(host), count, timeout,
                found -> "tinyproxy's log shows " + found.size() + " of " + count + " tunnels to " + host
                        + " after " + timeout + ":\n" + String.join("\n", logLines()));
    }

    private List<String> tunnelLinesTo(String host) {
        String wanted = "Established connection to host \"" + host + "\"";
        return logLines().stream().filter(line -> line.contains(wanted)).toList();
    }

    public void stop() {
        process.kill();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "Tinyproxy[" + address() + ":" + port() + ", pid " + process.pid() + "]";
    }
}
