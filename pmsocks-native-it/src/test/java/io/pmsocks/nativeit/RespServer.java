package io.pmsocks.nativeit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The least of a Redis server a client's connect and PING need, in RESP2: {@code ADDRESS PORT}. PING is answered
 * {@code +PONG}, every other command {@code +OK}. Prints {@code ready ADDRESS:PORT} and {@code accepted PEER} like
 * the test kit's servers. (A real redis-server would be one more system package for CI to install, for nothing
 * these tests look at.)
 */
public final class RespServer {

    private RespServer() {
    }

    public static void main(String[] args) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1])));
        Lines.println("ready " + args[0] + ":" + server.getLocalPort());
        while (true) {
            Socket connection = server.accept();
            Lines.println("accepted " + connection.getRemoteSocketAddress());
            Thread thread = new Thread(() -> serve(connection), "resp-" + connection.getPort());
            thread.setDaemon(true);
            thread.start();
        }
    }

    private static void serve(Socket connection) {
        try (connection) {
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            List<String> command;
            while ((command = readCommand(in)) != null) {
                String reply = command.isEmpty() || !command.get(0).equalsIgnoreCase("PING") ? "+OK\r\n"
                        : "+PONG\r\n";
                out.write(reply.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            Lines.println("connection-error " + e);
        }
    }

    /** One command: a RESP array of bulk strings; null at the end of the stream. */
    private static List<String> readCommand(InputStream in) throws IOException {
        String header = readLine(in);
        if (header == null) {
            return null;
        }
        if (!header.startsWith("*")) {
            throw new IOException("not a RESP array: " + header);
        }
        int count = Integer.parseInt(header.substring(1));
        List<String> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String length = readLine(in);
            if (length == null || !length.startsWith("$")) {
                throw new IOException("not a bulk string: " + length);
            }
            byte[] bulk = in.readNBytes(Integer.parseInt(length.substring(1)) + 2);
            parts.add(new String(bulk, 0, bulk.length - 2, StandardCharsets.UTF_8));
        }
        return parts;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return line.toString().stripTrailing();
            }
            line.append((char) b);
        }
        return line.length() == 0 ? null : line.toString();
    }
}
