package io.pmsocks.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The web client inside the firewall, the JDK's own {@code HttpClient} (non-blocking SocketChannels under a
 * selector): {@code HttpFetchMain URL CONNECT_TIMEOUT_SECONDS} prints {@code status N} and the body, or
 * {@code exception CLASS: MESSAGE} and exits with status 3.
 */
public final class HttpFetchMain {

    private HttpFetchMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(Long.parseLong(args[1])))
                .build();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(args[0])).build(),
                    HttpResponse.BodyHandlers.ofString());
            System.out.println("status " + response.statusCode());
            System.out.print(response.body());
        } catch (IOException e) {
            System.out.println("exception " + e.getClass().getName() + ": " + e.getMessage());
            System.exit(3);
        }
    }
}
