package io.pmsocks.namesit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Answers RESP2 commands the way a Redis server answers a client's connect and PING: {@code +PONG}
 * to PING, {@code +OK} to the rest. {@code ADDRESS PORT}; prints {@code ready ADDRESS:PORT}.
 */
public final class PongServer {

    private PongServer() {
    }

    public static void main(String[] args) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1])));
        Lines.println("ready " + args[0] + ":" + server.getLocalPort());
        while (true) {
            Socket connection = server.accept();
            Thread thread = new Thread(() -> serve(connection));
            thread.setDaemon(true);
            thread.start();
        }
    }

    private static void serve(Socket connection) {
        try (connection) {
            BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                    StandardCharsets.UTF_8));
            OutputStream out = connection.getOutputStream();
            String header;
            while ((header = in.readLine()) != null) {
                if (!header.startsWith("*")) {
                    continue;
                }
                String command = null;
                for (int i = Integer.parseInt(header.substring(1)); i > 0; i--) {
                    in.readLine(); // $length
                    String argument = in.readLine();
                    command = command == null ? argument : command;
                }
                out.write(("PING".equalsIgnoreCase(command) ? "+PONG\r\n" : "+OK\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the client went away
        }
    }
}
