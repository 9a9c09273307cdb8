package io.pmsocks.benchmarks.apps;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

/**
 * The start-up benchmark's application that uses the network: one {@link Socket} connect to an
 * echo server, one line sent and read back, then {@code echoed}. It loads the JDK's socket
 * classes, as a real client does, so its start-up shows the agent's cost next to theirs.
 *
 * <pre>OneConnect HOST PORT</pre>
 */
public final class OneConnect {

    private static final byte[] LINE = "one connect\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private OneConnect() {
    }

    public static void main(String[] args) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(args[0], Integer.parseInt(args[1])), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(LINE);
            byte[] back = new byte[LINE.length];
            InputStream in = socket.getInputStream();
            int received = 0;
            while (received < back.length) {
                int n = in.read(back, received, back.length - received);
                if (n < 0) {
                    throw new IOException("the echo server closed after " + received + " bytes");
                }
                received += n;
            }
            if (!Arrays.equals(LINE, back)) {
                throw new IOException("the echo server sent back other bytes");
            }
        }
        System.out.println("echoed");
    }
}
