package io.pmsocks.namesit;

import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;

/**
 * Apache HttpClient 5's async client (its own NIO reactor, names resolved by {@code InetAddress}):
 * {@code HOST PORT}, GET {@code http://HOST:PORT/}. Prints {@code status CODE BODY} or the failure.
 */
public final class ApacheAsyncProbe {

    private ApacheAsyncProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (CloseableHttpAsyncClient client = HttpAsyncClients.createDefault()) {
            client.start();
            SimpleHttpRequest request = SimpleRequestBuilder.get("http://" + args[0] + ":" + args[1] + "/")
                    .build();
            try {
                SimpleHttpResponse response = client.execute(request, null).get(30, TimeUnit.SECONDS);
                Lines.println("status " + response.getCode() + " " + response.getBodyText().strip());
            } catch (java.util.concurrent.ExecutionException e) {
                Lines.failure(e.getCause());
            }
        }
    }
}
