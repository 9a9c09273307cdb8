package io.pmsocks.agent.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client that looks a name up before it connects, as most do, run in a child JVM with the
 * agent; prints what happened so that the test can assert it.
 *
 * <pre>NameProbe MODE HOST [PORT]</pre>
 *
 * Modes: {@code lookup} ({@code InetAddress.getByName} only), {@code socket}
 * ({@code getByName}, then {@code new Socket(address, port)}, then one line read: the echo
 * server's greeting), {@code http} (the JDK {@code HttpClient}, GET {@code http://HOST:PORT/}).
 * Output: {@code lookup NAME/ADDRESS}, {@code connected peer=ADDRESS:PORT},
 * {@code line TEXT}, {@code status CODE BODY}; or {@code exception CLASS: MESSAGE} and exit
 * status 3.
 */
public final class NameProbe {

    private NameProbe() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String host = args[1];
        try {
            switch (mode) {
                case "lookup" -> lookUp(host);
                case "socket" -> socket(lookUp(host), Integer.parseInt(args[2]));
                case "http" -> http(host, Integer.parseInt(args[2]));
                default -> throw new IllegalArgumentException("mode " + mode);
            }
        } catch (IOException e) {
            System.out.println("exception " + e.getClass().getName() + ": " + e.getMessage());
            System.exit(3);
        }
    }

    private static InetAddress lookUp(String host) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        // toString: the name and the address, without a reverse lookup
        System.out.println("lookup " + address);
        return address;
    }

    private static void socket(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket(address, port)) {
            System.out.println("connected peer=" + socket.getInetAddress() + ":" + socket.getPort());
            socket.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            System.out.println("line " + in.readLine());
        }
    }

    private static void http(String host, int port) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.println("status " + response.statusCode() + " " + response.body().strip());
    }
}
