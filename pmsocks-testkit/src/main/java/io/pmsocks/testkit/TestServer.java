package io.pmsocks.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One of the kit's servers ({@link EchoServer}, {@link StalledServer}, {@link FakeSocksServer}, {@link WebServer})
 * running in its own JVM in a namespace or on loopback, started and waited for until it listens. Port 0 picks a free
 * port; the real one is read from the server's {@code ready} line.
 */
public final class TestServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final ChildProcess process;
    private final String address;
    private final int port;

    private TestServer(ChildProcess process, String address, int port) {
        this.process = process;
        this.address = address;
        this.port = port;
    }

    /** An echo server; the first thing it sends is the byte echoed back, nothing else. */
    public static TestServer echo(ProcessHost where, String address, int port) {
        return start(where, EchoServer.class, address, port, List.of());
    }

    /** An echo server that first sends {@code peer ADDRESS:PORT\n}, naming the peer it saw. */
    public static TestServer echoWithGreeting(ProcessHost where, String address, int port) {
        return start(where, EchoServer.class, address, port, List.of(EchoServer.GREET_OPTION));
    }

    /** A server that accepts and then never answers. */
    public static TestServer stalled(ProcessHost where, String address, int port) {
        return start(where, StalledServer.class, address, port, List.of());
    }

    /** A {@link WebServer}: every GET is answered with {@code hello from ADDRESS, peer CLIENT}. */
    public static TestServer web(ProcessHost where, String address, int port) {
        return start(where, WebServer.class, address, port, List.of());
    }

    /** A SOCKS4 server that answers as {@code behaviour} says. */
    public static TestServer fakeSocks(ProcessHost where, String address, int port, FakeSocksBehaviour behaviour) {
        return start(where, FakeSocksServer.class, address, port, behaviour.arguments());
    }

    /** A {@link SlowSocksServer}: SOCKS4 and SOCKS5, each answer {@code delayMillis} late. */
    public static TestServer slowSocks(ProcessHost where, String address, int port, long delayMillis) {
        return start(where, SlowSocksServer.class, address, port, List.of(Long.toString(delayMillis)));
    }

    private static TestServer start(ProcessHost where, Class<?> main, String address, int port,
                                    List<String> options) {
        Objects.requireNonNull(where, "where");
        TestAddresses.requireLiteral(address);
        List<String> arguments = new ArrayList<>(List.of(address, Integer.toString(port)));
        arguments.addAll(options);
        ChildProcess process = ChildJvm.forMainClass(main)
                .withJvmOptions(ChildJvm.QUICK_START_OPTIONS.toArray(String[]::new))
                .withArguments(arguments)
                .startIn(where);
        String ready;
        try {
            ready = process.awaitStdoutLine(line -> line.startsWith(ServerMain.READY), START_TIMEOUT);
        } catch (IllegalStateException e) {
            process.kill();
            throw e;
        }
        int actualPort = Integer.parseInt(ready.substring(ready.lastIndexOf(':') + 1));
        return new TestServer(process, address, actualPort);
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    public ChildProcess process() {
        return process;
    }

    /** Peers ({@code ADDRESS:PORT}) of the connections accepted so far, in order. */
    public List<String> acceptedPeers() {
        return linesAfter(ServerMain.ACCEPTED);
    }

    /** Waits until the server has accepted {@code count} connections and returns their peers. */
    public List<String> awaitAcceptedPeers(int count, Duration timeout) {
        return awaitLines(ServerMain.ACCEPTED, count, timeout);
    }

    /** The SOCKS requests a {@link FakeSocksServer} has read so far. */
    public List<Socks4Request> socksRequests() {
        return process.stdoutLines().stream()
                .filter(line -> line.startsWith(Socks4Request.LINE_PREFIX))
                .map(Socks4Request::parseLine)
                .toList();
    }

    /** Peers that a {@link FakeSocksServer} saw close their end after its complete answer. */
    public List<String> clientsClosed() {
        return linesAfter(FakeSocksServer.CLIENT_CLOSED);
    }

    /** Waits until {@code count} clients closed their end after the answer; see {@link #clientsClosed()}. */
    public List<String> awaitClientsClosed(int count, Duration timeout) {
        return awaitLines(FakeSocksServer.CLIENT_CLOSED, count, timeout);
    }

    private List<String> linesAfter(String prefix) {
        return process.stdoutLines().stream()
                .filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()))
                .toList();
    }

    private List<String> awaitLines(String prefix, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> found = linesAfter(prefix);
            if (found.size() >= count) {
                return found;
            }
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError(process.describe("printed " + found.size() + " of " + count
                        + " '" + prefix.strip() + "' lines within " + timeout));
            }
            ChildProcess.sleep(Duration.ofMillis(10));
        }
    }

    /** Stops the server. */
    @Override
    public void close() {
        process.kill();
    }

    @Override
    public String toString() {
        return "TestServer[" + address + ":" + port + ", pid " + process.pid() + "]";
    }
}
