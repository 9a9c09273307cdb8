package io.pmsocks.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A Java client for the tests of {@code pmsocks}: connects once for each request, and prints
 * what happened so that a test can tell whether the Java agent routed the connect.
 *
 * <pre>ConnectClient HOST PORT TIMEOUT_MS      connect once
 * ConnectClient --stdin                     print "ready", then one connect per line
 *                                           "HOST PORT TIMEOUT_MS" read from stdin</pre>
 *
 * For each connect: {@code connected peer=ADDRESS:PORT}, then {@code line TEXT} for the first
 * line the server sends (the echo server's greeting names the peer it saw); or
 * {@code exception CLASS: MESSAGE}. With arguments, the exit status is 0 or 3.
 * Also prints {@code property pmsocks.test=VALUE}, to show what JAVA_TOOL_OPTIONS held.
 */
public final class ConnectClient {

    private ConnectClient() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("property pmsocks.test=" + System.getProperty("pmsocks.test"));
        if (args[0].equals("--stdin")) {
            System.out.println("ready");
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] request = line.trim().split(" ");
                connect(request[0], Integer.parseInt(request[1]), Integer.parseInt(request[2]));
            }
            return;
        }
        if (!connect(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]))) {
            System.exit(3);
        }
    }

    private static boolean connect(String host, int port, int timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeout);
            System.out.println("connected peer=" + socket.getInetAddress().getHostAddress() + ":"
                    + socket.getPort());
            socket.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(
                    socket.getInputStream(), StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line != null) {
                System.out.println("line " + line);
            }
            return true;
        } catch (IOException e) {
            System.out.println("exception " + e.getClass().getName() + ": " + e.getMessage());
            return false;
        } finally {
            System.out.flush();
        }
    }
}
