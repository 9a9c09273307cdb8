package io.pmsocks.benchmarks.startup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

/**
 * An echo server on {@code 127.0.0.1} inside the driver, for the start-up benchmark's
 * application that opens one connection. One connection at a time is enough: the child JVMs run
 * one after the other.
 */
final class LoopbackEcho implements AutoCloseable {

    private final ServerSocket server;
    private final Thread thread;

    private LoopbackEcho(ServerSocket server) {
        this.server = server;
        this.thread = new Thread(this::serve, "loopback-echo");
        thread.setDaemon(true);
    }

    static LoopbackEcho start() {
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            LoopbackEcho echo = new LoopbackEcho(server);
            echo.thread.start();
            return echo;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback", e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket connection = server.accept()) {
                connection.setSoTimeout(10_000);
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                byte[] buffer = new byte[256];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                }
            } catch (SocketException closedOrReset) {
                // closed by close(), or a child that died mid-connection: the child's run reports it
            } catch (IOException e) {
                // the same: the benchmark checks each child's own output
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
