package io.pmsocks.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal SOCKS4/4a client for the kit's own tests, run in the inside namespace as a child JVM (the product's
 * client lives in the Java agent and is tested there). It reports each step as a line on stdout:
 * {@code reply VN CD}, {@code greeting peer A:P}, {@code echo TEXT}, or {@code failed EXCEPTION: MESSAGE}.
 *
 * <pre>
 * direct  HOST PORT TIMEOUT_MS TEXT
 * socks4  SERVER PORT DEST_IP DEST_PORT USER TIMEOUT_MS TEXT
 * socks4a SERVER PORT DEST_NAME DEST_PORT USER TIMEOUT_MS TEXT
 * </pre>
 *
 * After a direct connect or a granted reply it expects an {@link EchoServer} with a greeting: it reads the greeting
 * line, sends TEXT and a newline, and reads the echoed line.
 */
public final class Socks4Probe {

    private Socks4Probe() {
    }

    public static void main(String[] args) {
        try {
            switch (args[0]) {
                case "direct" -> direct(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4]);
                case "socks4", "socks4a" -> socks(args[0].equals("socks4a"), args[1], Integer.parseInt(args[2]),
                        args[3], Integer.parseInt(args[4]), args[5], Integer.parseInt(args[6]), args[7]);
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        } catch (IOException e) {
            System.out.println("failed " + e.getClass().getName() + ": " + e.getMessage());
        }
    }

    private static void direct(String host, int port, int timeoutMillis, String text) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(host), port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            talkToEcho(socket, text);
        }
    }

    private static void socks(boolean socks4a, String server, int serverPort, String destination, int port,
                              String user, int timeoutMillis, String text) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(server), serverPort), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            byte[] userBytes = user.getBytes(StandardCharsets.UTF_8);
            byte[] hostBytes = socks4a ? destination.getBytes(StandardCharsets.US_ASCII) : new byte[0];
            byte[] address = socks4a ? new byte[] {0, 0, 0, 1} : InetAddress.getByName(destination).getAddress();
            byte[] request = new byte[8 + userBytes.length + 1 + (socks4a ? hostBytes.length + 1 : 0)];
            request[0] = 4;
            request[1] = 1;
            request[2] = (byte) (port >> 8);
            request[3] = (byte) port;
            System.arraycopy(address, 0, request, 4, 4);
            System.arraycopy(userBytes, 0, request, 8, userBytes.length);
            if (socks4a) {
                System.arraycopy(hostBytes, 0, request, 8 + userBytes.length + 1, hostBytes.length);
            }
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            byte[] reply = socket.getInputStream().readNBytes(8);
            if (reply.length < 8) {
                System.out.println("short-reply " + reply.length);
                return;
            }
            System.out.println("reply " + (reply[0] & 0xff) + " " + (reply[1] & 0xff));
            if ((reply[1] & 0xff) == 90) {
                talkToEcho(socket, text);
            }
        }
    }

    private static void talkToEcho(Socket socket, String text) throws IOException {
        InputStream in = socket.getInputStream();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        System.out.println("greeting " + reader.readLine());
        socket.getOutputStream().write((text + "\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        System.out.println("echo " + reader.readLine());
    }
}
