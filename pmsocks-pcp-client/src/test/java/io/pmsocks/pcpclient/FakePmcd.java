package io.pmsocks.pcpclient;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A loopback server that plays pmcd's side of one connection from a script, and records every
 * PDU the client sent, so that a test can check the client's bytes and its reading of answers.
 */
final class FakePmcd implements AutoCloseable {

    /** pmcd's side of the conversation. */
    interface Script {
        void play(FakePmcd pmcd) throws Exception;
    }

    static final String GREETING = "00000014 00007000 00000000 00000000 02010e44";

    private final ServerSocket server;
    private final CompletableFuture<Void> played;
    private final List<String> received = new ArrayList<>();
    private volatile Socket connection;
    private DataInputStream in;
    private OutputStream out;

    FakePmcd(Script script) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        played = CompletableFuture.runAsync(() -> {
            try (Socket accepted = server.accept()) {
                connection = accepted;
                in = new DataInputStream(accepted.getInputStream());
                out = accepted.getOutputStream();
                script.play(this);
            } catch (Exception e) {
                throw new IllegalStateException("fake pmcd: " + e, e);
            }
        });
    }

    /**
     * A loopback port nobody listens on. Taken from a socket that had no accept pending: a
     * listener closed while another thread is blocked in accept() still took about one connect
     * in fifteen made right after the close (measured on JDK 17 and 25).
     */
    static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** Sends PDU bytes written as hex words. */
    void send(String words) throws IOException {
        out.write(Bytes.hex(words));
        out.flush();
    }

    /** Reads one PDU from the client and returns it as hex words (also recorded). */
    String receive() throws IOException {
        int length = in.readInt();
        byte[] rest = new byte[length - 4];
        in.readFully(rest);
        byte[] whole = new byte[length];
        whole[0] = (byte) (length >>> 24);
        whole[1] = (byte) (length >>> 16);
        whole[2] = (byte) (length >>> 8);
        whole[3] = (byte) length;
        System.arraycopy(rest, 0, whole, 4, rest.length);
        String words = Bytes.words(whole);
        synchronized (received) {
            received.add(words);
        }
        return words;
    }

    /** Waits until the client closes its end, so that the script does not end the connection first. */
    void awaitClientClose() throws IOException {
        if (in.read() != -1) {
            throw new IOException("client sent more than the script expected");
        }
    }

    void closeConnection() throws IOException {
        connection.close();
    }

    List<String> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits for the script to end and rethrows what went wrong in it. */
    void finish() throws Exception {
        played.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        server.close();
        // a script still reading (a failed test) must not wait for a client that is gone
        if (connection != null) {
            connection.close();
        }
    }
}
