package io.pmsocks.agent.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The application of the hardening ITs, run in a child JVM with the agent. Each mode prints
 * one line per observation ({@code WHAT RESULT}), an exception as {@code WHAT CLASS: MESSAGE}.
 *
 * <pre>
 * HardeningProbe tls HOST NAME PORT TRUSTSTORE   unconnected SSLSocket, connect(NAME=HOST, t), TLS
 * HardeningProbe tls - NAME PORT TRUSTSTORE      the same to NAME unresolved (sockd resolves it)
 * HardeningProbe subclass HOST PORT               a Socket subclass counting its connect calls
 * HardeningProbe reconnect-socket HOST PORT HOST2 PORT2
 * HardeningProbe reconnect-channel HOST PORT HOST2 PORT2
 * HardeningProbe pending HOST PORT HOST2 PORT2    non-blocking connect left pending, then another
 * HardeningProbe close-during-connect HOST PORT   another thread closes the socket mid-connect
 * HardeningProbe bound-failover HOST PORT LOCAL   a socket bound to LOCAL:port before connecting
 * HardeningProbe interrupted-failover HOST PORT   the connecting thread interrupted beforehand
 * HardeningProbe adaptor HOST PORT                channel.socket().connect(address), no timeout
 * HardeningProbe channel-blocking HOST PORT       SocketChannel.open(address), its first line
 * HardeningProbe blocking-interrupted HOST PORT   a blocking connect that waits, interrupted
 * HardeningProbe channel-selector HOST PORT       non-blocking, OP_CONNECT on a selector, a line
 * </pre>
 */
public final class HardeningProbe {

    private static final char[] STORE_PASSWORD = "changeit".toCharArray();

    private HardeningProbe() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "tls" -> tls(args[1], args[2], Integer.parseInt(args[3]), Path.of(args[4]));
            case "subclass" -> subclass(address(args[1], args[2]));
            case "name-constructor" ->
                    greeting(new Socket(args[1], Integer.parseInt(args[2])));
            case "name-unresolved" -> {
                Socket socket = new Socket();
                socket.connect(InetSocketAddress.createUnresolved(args[1],
                        Integer.parseInt(args[2])), 10_000);
                greeting(socket);
            }
            case "reconnect-socket" -> reconnectSocket(address(args[1], args[2]),
                    address(args[3], args[4]));
            case "reconnect-channel" -> reconnectChannel(address(args[1], args[2]),
                    address(args[3], args[4]));
            case "pending" -> pending(address(args[1], args[2]), address(args[3], args[4]));
            case "close-during-connect" -> closeDuringConnect(address(args[1], args[2]));
            case "bound-failover" -> boundFailover(address(args[1], args[2]), args[3]);
            case "adaptor" -> adaptor(address(args[1], args[2]));
            case "interrupted-failover" -> interruptedFailover(address(args[1], args[2]));
            case "channel-blocking" -> attempt("channel", () -> {
                try (SocketChannel channel = SocketChannel.open(address(args[1], args[2]))) {
                    System.out.println("channel connected");
                    System.out.println("line " + firstLine(channel, null));
                }
            });
            case "blocking-interrupted" -> blockingInterrupted(address(args[1], args[2]));
            case "channel-selector" ->
                    attempt("channel", () -> selector(address(args[1], args[2])));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static InetSocketAddress address(String host, String port) {
        return new InetSocketAddress(host, Integer.parseInt(port));
    }

    /**
     * An SSLSocket made unconnected, then connected to an address that carries the host name
     * the application looked up; the handshake verifies that name (HTTPS rules).
     */
    private static void tls(String host, String name, int port, Path trustStore)
            throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            trusted.load(in, STORE_PASSWORD);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(
                TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        InetSocketAddress destination = host.equals("-")
                ? InetSocketAddress.createUnresolved(name, port)
                : new InetSocketAddress(InetAddress.getByAddress(name,
                        InetAddress.getByName(host).getAddress()), port);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(10_000);
            socket.connect(destination, 10_000);
            socket.startHandshake();
            System.out.println("handshake peerHost=" + socket.getSession().getPeerHost());
            System.out.println("server " + new BufferedReader(new InputStreamReader(
                    socket.getInputStream(), StandardCharsets.UTF_8)).readLine());
        } catch (IOException e) {
            System.out.println("handshake " + describe(e));
        }
    }

    /** A subclass whose own {@code connect} counts its calls, as wrappers and mocks do. */
    private static final class CountingSocket extends Socket {
        int connects;

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            connects++;
            super.connect(endpoint, timeout);
        }
    }

    private static void subclass(InetSocketAddress destination) throws IOException {
        try (CountingSocket socket = new CountingSocket()) {
            socket.connect(destination, 10_000);
            System.out.println("connects " + socket.connects);
            System.out.println("peer " + socket.getInetAddress().getHostAddress() + ":"
                    + socket.getPort());
            System.out.println("line " + lineReader(socket).readLine());
        }
    }

    /**
     * The server's greeting, read before anything is sent: some proxies (microsocks,
     * tinyproxy) end the whole relay at the client's half close, sometimes before the greeting
     * went through.
     */
    private static void greeting(Socket connected) throws IOException {
        try (Socket socket = connected) {
            System.out.println("line " + lineReader(socket).readLine());
        }
    }

    /** A live connection, then every kind of connect the JDK itself refuses. */
    private static void reconnectSocket(InetSocketAddress first, InetSocketAddress second)
            throws IOException {
        Socket socket = new Socket();
        socket.connect(first, 10_000);
        socket.setSoTimeout(10_000);
        BufferedReader in = lineReader(socket);
        System.out.println("greeting " + in.readLine().startsWith("peer "));
        attempt("connected-again", () -> socket.connect(second, 1000));
        attempt("connected-no-timeout", () -> socket.connect(second));
        attempt("connected-negative", () -> socket.connect(second, -1));
        socket.getOutputStream().write("still here\n".getBytes(StandardCharsets.UTF_8));
        System.out.println("echo " + in.readLine());
        attempt("fresh-negative", () -> {
            try (Socket fresh = new Socket()) {
                fresh.connect(second, -1);
            }
        });
        socket.close();
        attempt("closed", () -> socket.connect(second, 1000));
    }

    private static void reconnectChannel(InetSocketAddress first, InetSocketAddress second)
            throws IOException {
        try (SocketChannel channel = SocketChannel.open(first)) {
            ByteBuffer greeting = ByteBuffer.allocate(64);
            channel.read(greeting);
            attempt("connected-again", () -> channel.connect(second));
            attempt("adaptor-again", () -> channel.socket().connect(second, 1000));
            channel.write(ByteBuffer.wrap("still here\n".getBytes(StandardCharsets.UTF_8)));
            ByteBuffer echo = ByteBuffer.allocate(64);
            while (echo.position() < "still here\n".length() && channel.read(echo) > 0) {
                // until the echo is complete
            }
            System.out.println("echo " + new String(echo.array(), 0, echo.position(),
                    StandardCharsets.UTF_8).trim());
            channel.close();
            attempt("closed", () -> channel.connect(second));
        }
    }

    /** A non-blocking connect that cannot complete, then another connect of the channel. */
    private static void pending(InetSocketAddress unanswered, InetSocketAddress second)
            throws IOException {
        try (SocketChannel channel = SocketChannel.open()) {
            channel.configureBlocking(false);
            System.out.println("first " + channel.connect(unanswered));
            attempt("pending-again", () -> channel.connect(second));
            System.out.println("still pending " + (channel.isOpen()
                    && channel.isConnectionPending()));
        }
    }

    /**
     * While the connect waits for the first server's reply, another thread closes the socket:
     * the connect must fail, the socket stay closed, and no descriptor be left behind.
     */
    private static void closeDuringConnect(InetSocketAddress destination) throws Exception {
        warmUp(destination, 300); // times out at the stalled first server
        long before = openDescriptors();
        Socket socket = new Socket();
        AtomicReference<String> outcome = new AtomicReference<>("none");
        Thread connecting = new Thread(() -> {
            try {
                socket.connect(destination);
                outcome.set("connected");
            } catch (IOException e) {
                outcome.set(describe(e));
            }
        });
        connecting.start();
        // connected to the first server, waiting for its reply (it never comes)
        for (int i = 0; i < 2000 && !socket.isConnected() && connecting.isAlive(); i++) {
            Thread.sleep(10);
        }
        socket.close();
        connecting.join(60_000);
        System.out.println("connect " + outcome.get());
        System.out.println("closed " + socket.isClosed());
        System.out.println("descriptors left " + (openDescriptors() - before));
    }

    /**
     * A socket bound to a local port before connecting: after the first server fails, the
     * port is still held by the closed connection (TIME_WAIT), so the socket cannot be set up
     * again for the next server.
     */
    private static void boundFailover(InetSocketAddress destination, String local)
            throws Exception {
        warmUp(destination, 10_000);
        long before = openDescriptors();
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(local, 0));
            socket.connect(destination, 10_000);
            System.out.println("connect connected");
        } catch (IOException e) {
            System.out.println("connect " + describe(e));
        }
        System.out.println("closed " + socket.isClosed());
        // counted before the application would close it: a failed connect leaves nothing open
        System.out.println("descriptors left " + (openDescriptors() - before));
        socket.close();
    }

    /**
     * A connect by a thread whose interrupt status is set: a platform thread's socket I/O does
     * not notice it, but going on to the next server after the first failed would ignore
     * the application's wish to stop.
     */
    private static void interruptedFailover(InetSocketAddress destination) {
        Socket socket = new Socket();
        Thread.currentThread().interrupt();
        try {
            socket.connect(destination, 10_000);
            System.out.println("connect connected");
        } catch (IOException e) {
            System.out.println("connect " + describe(e));
        }
        System.out.println("still interrupted " + Thread.interrupted());
        System.out.println("closed " + socket.isClosed());
    }

    /** The socket adaptor of a blocking channel, without a timeout. */
    private static void adaptor(InetSocketAddress destination) {
        attempt("adaptor", () -> {
            try (SocketChannel channel = SocketChannel.open()) {
                channel.socket().connect(destination);
                System.out.println("adaptor connected");
            }
        });
    }

    private static void selector(InetSocketAddress destination) throws IOException {
        try (SocketChannel channel = SocketChannel.open(); Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_CONNECT);
            boolean connected = channel.connect(destination);
            while (!connected) {
                selector.select(10_000);
                connected = channel.finishConnect();
            }
            System.out.println("channel connected");
            channel.register(selector, SelectionKey.OP_READ);
            System.out.println("line " + firstLine(channel, selector));
        }
    }

    /** The first line the server sends (the echo server's greeting), read from a channel. */
    private static String firstLine(SocketChannel channel, Selector selector) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        while (buffer.hasRemaining()) {
            if (selector != null) {
                selector.select(10_000);
                selector.selectedKeys().clear();
            }
            if (channel.read(buffer) < 0) {
                break;
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            if (text.indexOf('\n') >= 0) {
                return text.substring(0, text.indexOf('\n'));
            }
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    /**
     * A blocking channel's connect that waits for a server's reply which never comes: how many
     * selectors (epoll instances) were opened for it, and how an interrupt of the connecting
     * thread ends it.
     */
    private static void blockingInterrupted(InetSocketAddress destination) throws Exception {
        long before = selectors();
        SocketChannel channel = SocketChannel.open();
        AtomicReference<String> outcome = new AtomicReference<>("none");
        Thread connecting = new Thread(() -> {
            try {
                channel.connect(destination);
                outcome.set("connected");
            } catch (IOException e) {
                outcome.set(describe(e));
            }
        });
        connecting.start();
        // connected to the server, waiting for its reply
        for (int i = 0; i < 2000 && !channel.isConnected() && connecting.isAlive(); i++) {
            Thread.sleep(10);
        }
        System.out.println("selectors opened " + (selectors() - before));
        connecting.interrupt();
        connecting.join(60_000);
        System.out.println("connect " + outcome.get());
        System.out.println("open " + channel.isOpen());
    }

    /** The epoll instances this process holds: one per open Selector. */
    private static long selectors() throws IOException {
        long count = 0;
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            for (Path descriptor : descriptors.toList()) {
                try {
                    if (Files.readSymbolicLink(descriptor).toString().equals(
                            "anon_inode:[eventpoll]")) {
                        count++;
                    }
                } catch (IOException closedMeanwhile) {
                    // the listing's own descriptor, gone once listed
                }
            }
        }
        return count;
    }

    /** One routed connect, so that what the first one loads is loaded before counting. */
    private static void warmUp(InetSocketAddress destination, int timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(destination, timeout);
        } catch (IOException expected) {
            // the connect through the list fails or succeeds; either way the classes are loaded
        }
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.count();
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    private static void attempt(String what, Step step) {
        try {
            step.run();
            System.out.println(what + " no exception");
        } catch (IOException | RuntimeException e) {
            System.out.println(what + " " + describe(e));
        }
    }

    private static BufferedReader lineReader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8));
    }

    private static String describe(Exception e) {
        return e.getClass().getName() + ": " + e.getMessage();
    }
}
