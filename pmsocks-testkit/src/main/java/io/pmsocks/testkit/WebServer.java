package io.pmsocks.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The web server outside the firewall: {@code java -cp TESTKIT io.pmsocks.testkit.WebServer ADDRESS PORT} answers every GET with
 * {@code hello from ADDRESS, peer CLIENT}, so that the client sees whom the server saw (the firewall's
 * outside leg when the connect went through sockd), and prints {@code ready ADDRESS:PORT} once it listens.
 */
public final class WebServer {

    private WebServer() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(args[0], Integer.parseInt(args[1])), 16);
        server.createContext("/", exchange -> {
            byte[] body = ("hello from " + args[0] + ", peer "
                    + exchange.getRemoteAddress().getAddress().getHostAddress() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("ready " + args[0] + ":" + server.getAddress().getPort());
    }
}
