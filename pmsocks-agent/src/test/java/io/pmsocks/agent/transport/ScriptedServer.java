package io.pmsocks.agent.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A loopback server that plays one conversation: for each turn it reads the client's
 * message (its length known) and answers with the given bytes, each written one byte at a
 * time when asked, so that the client sees its replies in pieces.
 */
final class ScriptedServer implements AutoCloseable {

    /**
     * Read {@code expect} bytes, then write {@code answer}; a {@code null} answer stalls;
     * {@code thenClose} closes the connection after the answer.
     */
    record Turn(int expect, byte[] answer, boolean thenClose) {

        Turn(int expect, byte[] answer) {
            this(expect, answer, false);
        }

        static Turn closing(int expect, byte[] answer) {
            return new Turn(expect, answer, true);
        }
    }

    private final ServerSocket listener;
    private final CompletableFuture<byte[]> received = new CompletableFuture<>();

    ScriptedServer(List<Turn> turns, boolean trickle) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> serve(turns, trickle), "scripted-server");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** What the client sent, once the conversation is over or the server stalls. */
    byte[] received() throws Exception {
        return received.get(30, TimeUnit.SECONDS);
    }

    private void serve(List<Turn> turns, boolean trickle) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (Socket socket = listener.accept()) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (Turn turn : turns) {
                got.writeBytes(in.readNBytes(turn.expect()));
                if (turn.answer() == null) {
                    received.complete(got.toByteArray());
                    in.read(); // stall until the client gives up
                    return;
                }
                if (trickle) {
                    for (byte b : turn.answer()) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(1);
                    }
                } else {
                    out.write(turn.answer());
                }
                if (turn.thenClose()) {
                    received.complete(got.toByteArray());
                    return;
                }
            }
            received.complete(got.toByteArray());
            in.read(); // keep the connection until the client closes it
        } catch (IOException | InterruptedException e) {
            received.complete(got.toByteArray());
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
