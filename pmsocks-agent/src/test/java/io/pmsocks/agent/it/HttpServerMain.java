package io.pmsocks.agent.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A one-page HTTP server for the HttpClient test: {@code HttpServerMain ADDRESS PORT} answers
 * every GET with {@code hello from ADDRESS, peer CLIENT} and prints {@code ready ADDRESS:PORT}.
 */
public final class HttpServerMain {

    private HttpServerMain() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(
                new InetSocketAddress(args[0], Integer.parseInt(args[1])), 16);
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
