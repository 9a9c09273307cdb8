package io.pmsocks.testkit;

import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What the kit's small servers share: bind {@code ADDRESS PORT} from the command line, print
 * {@code ready ADDRESS:PORT} once listening (with the real port when 0 was asked for), print
 * {@code accepted PEER_ADDRESS:PEER_PORT} for each connection, and serve each connection on its own thread until the
 * process is killed. A test reads these lines from the captured standard output.
 */
final class ServerMain {

    static final String READY = "ready ";
    static final String ACCEPTED = "accepted ";
    /** The kernel caps it at net.core.somaxconn (4096 by default since Linux 5.4). */
    private static final int ACCEPT_QUEUE = 4096;

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    /** Serves one accepted connection; the connection is closed afterwards unless the handler keeps it. */
    interface ConnectionHandler {
        /** Returns true when the handler keeps the socket open beyond its return (a stalled connection). */
        boolean serve(Socket connection) throws IOException;
    }

    private ServerMain() {
    }

    /** Parses {@code ADDRESS PORT REST...}; prints usage and exits with status 1 when they are missing. */
    static String[] rest(String[] args, String usage) {
        if (args.length < 2) {
            System.err.println("usage: " + usage);
            System.exit(1);
        }
        return Arrays.copyOfRange(args, 2, args.length);
    }

    static void serve(String[] args, ConnectionHandler handler) throws IOException {
        InetAddress address = InetAddress.getByName(args[0]);
        int port = Integer.parseInt(args[1]);
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        // a deep queue: under a thousand connects at once, a full one leaves connections half-open (the peer sees
        // them established, the server accepts them only after SYN-ACK retries, seconds later)
        server.bind(new InetSocketAddress(address, port), ACCEPT_QUEUE);
        println(READY + format(new InetSocketAddress(address, server.getLocalPort())));
        while (true) {
            Socket connection = server.accept();
            connection.setTcpNoDelay(true);
            println(ACCEPTED + format((InetSocketAddress) connection.getRemoteSocketAddress()));
            Thread thread = new Thread(() -> serveOne(handler, connection), "connection-" + connection.getPort());
            thread.setDaemon(true);
            thread.start();
        }
    }

    private static void serveOne(ConnectionHandler handler, Socket connection) {
        boolean kept = false;
        try {
            kept = handler.serve(connection);
        } catch (IOException e) {
            println("connection-error " + format((InetSocketAddress) connection.getRemoteSocketAddress()) + " " + e);
        } finally {
            if (!kept) {
                try {
                    connection.close();
                } catch (IOException ignored) {
                    // the peer is gone already; nothing to report
                }
            }
        }
    }

    /** One line on standard output, flushed at once, never interleaved with another thread's line. */
    static synchronized void println(String line) {
        OUT.println(line);
    }

    /** {@code a.b.c.d:port}, or {@code [v6]:port}. */
    static String format(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        String host = ip instanceof Inet6Address ? "[" + ip.getHostAddress() + "]" : ip.getHostAddress();
        return host + ":" + address.getPort();
    }

    /** Keeps a connection open without ever reading or writing until the process ends. */
    static void hold(Socket connection) {
        // the reference stays reachable from this blocked thread, so the socket is never collected and closed
        synchronized (connection) {
            while (true) {
                try {
                    connection.wait();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
