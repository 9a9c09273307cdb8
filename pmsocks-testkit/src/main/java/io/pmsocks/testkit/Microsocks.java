package io.pmsocks.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real microsocks (Debian's {@code microsocks} 1.0.3), a SOCKS5-only server, running in the foreground in a
 * namespace: {@code microsocks -i ADDRESS -p PORT [-u USER -P PASSWORD]}. Without credentials it offers method 0
 * (no authentication) only; with them, method 2 (RFC 1929 user name and password) only, answering
 * {@code 05 FF} to a client that does not offer it and {@code 01 01}-style failure to a wrong password. It makes
 * its outgoing connects from the namespace's routing choice (the firewall's outside leg).
 *
 * <p>Its log is its standard error: one {@code client[FD] CLIENT_ADDRESS: connected to HOST:PORT} line for each
 * connect it made ({@link #connectsLogged()}); it logs nothing for refused or failed requests.
 */
public final class Microsocks implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern CONNECTED = Pattern.compile("client\\[\\d+] (\\S+): connected to (\\S+):(\\d+)");

    private final String address;
    private final int port;
    private final Optional<ProxyCredentials> credentials;
    private final ChildProcess process;

    private Microsocks(String address, int port, Optional<ProxyCredentials> credentials, ChildProcess process) {
        this.address = address;
        this.port = port;
        this.credentials = credentials;
        this.process = process;
    }

    /** Starts microsocks without authentication and returns once it listens. */
    public static Microsocks start(ProcessHost where, String address, int port) {
        return start(where, address, port, Optional.empty());
    }

    /**
     * Starts microsocks in {@code where} on {@code address:port} (an address of that namespace, IPv4 or IPv6), with
     * user name and password authentication when {@code credentials} are given, and returns once it listens. Fails
     * with its stderr when it does not start.
     */
    public static Microsocks start(ProcessHost where, String address, int port,
                                   Optional<ProxyCredentials> credentials) {
        Objects.requireNonNull(where, "where");
        TestAddresses.requireLiteral(address);
        Objects.requireNonNull(credentials, "credentials");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        List<String> command = new ArrayList<>(List.of(Executables.microsocks().toString(),
                "-i", address, "-p", Integer.toString(port)));
        credentials.ifPresent(c -> command.addAll(List.of("-u", c.user(), "-P", c.password())));
        ChildProcess process = where.start(command);
        ListeningSockets.await(process, "microsocks", address, port, START_TIMEOUT, () -> "");
        return new Microsocks(address, port, credentials, process);
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    /** {@code ADDRESS:PORT}, or {@code [ADDRESS]:PORT} for IPv6, as a server list writes it. */
    public String endpoint() {
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }

    public Optional<ProxyCredentials> credentials() {
        return credentials;
    }

    public long pid() {
        return process.pid();
    }

    /** Everything microsocks wrote to its standard error so far: its log. */
    public List<String> logLines() {
        return ChildProcess.completeLines(process.stderr());
    }

    /** The connects microsocks made so far, in order, as {@code CLIENT -> HOST:PORT}. */
    public List<Connect> connectsLogged() {
        List<Connect> connects = new ArrayList<>();
        for (String line : logLines()) {
            Matcher m = CONNECTED.matcher(line);
            if (m.matches()) {
                connects.add(new Connect(m.group(1), m.group(2), Integer.parseInt(m.group(3))));
            }
        }
        return connects;
    }

    /**
     * One connect microsocks logged.
     *
     * @param client      the client's address
     * @param destination the destination as the client named it (an address, or a name microsocks resolved)
     * @param port        the destination port
     */
    public record Connect(String client, String destination, int port) {
        public Connect {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(destination, "destination");
        }
    }

    /**
     * Waits until microsocks has logged {@code count} connects to {@code destination:port}; it logs the line after
     * the connect succeeded, possibly just after the client saw the reply.
     */
    public List<Connect> awaitConnectsLoggedTo(String destination, int destinationPort, int count,
                                               Duration timeout) {
        return LogPolling.await(() -> connectsLogged().stream()
                        .filter(c -> c.destination().equals(destination) && c.port() == destinationPort)
                        .toList(), count, timeout,
                found -> "microsocks logged " + found.size() + " of " + count + " connects to " + destination + ":"
                        + destinationPort + " after " + timeout + "; its log:\n" + String.join("\n", logLines()));
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
        return "Microsocks[" + endpoint() + credentials.map(c -> ", user " + c.user()).orElse("") + ", pid "
                + process.pid() + "]";
    }
}
