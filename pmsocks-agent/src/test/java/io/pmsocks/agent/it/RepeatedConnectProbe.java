package io.pmsocks.agent.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * An application that connects again and again in one JVM, so that a test sees what the agent
 * keeps between connects: one {@code new Socket().connect(HOST:PORT, TIMEOUT_MS)} per line read
 * from stdin, until stdin ends; with {@code adaptor}, the socket adaptor of a
 * {@code SocketChannel} instead.
 *
 * <pre>RepeatedConnectProbe HOST PORT TIMEOUT_MS [adaptor]</pre>
 *
 * Output, one line per connect N (from 1): {@code N connected} or
 * {@code N exception CLASS: MESSAGE}.
 */
public final class RepeatedConnectProbe {

    private RepeatedConnectProbe() {
    }

    public static void main(String[] args) throws IOException {
        InetSocketAddress destination = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int timeout = Integer.parseInt(args[2]);
        boolean adaptor = args.length > 3 && args[3].equals("adaptor");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
                StandardCharsets.UTF_8));
        int connect = 0;
        while (in.readLine() != null) {
            connect++;
            try (Socket socket = adaptor ? SocketChannel.open().socket() : new Socket()) {
                socket.connect(destination, timeout);
                System.out.println(connect + " connected");
            } catch (IOException e) {
                System.out.println(connect + " exception " + e.getClass().getName() + ": "
                        + e.getMessage());
            }
        }
    }
}
