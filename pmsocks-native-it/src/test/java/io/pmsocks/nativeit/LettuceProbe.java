package io.pmsocks.nativeit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.EpollProvider;
import java.time.Duration;

/**
 * A Lettuce client with {@code netty-transport-native-epoll} on its class path, where Lettuce picks epoll by
 * itself: {@code HOST PORT}. Prints {@code epoll available BOOLEAN} (Lettuce's own view), then the PING's answer
 * or the failure.
 */
public final class LettuceProbe {

    private LettuceProbe() {
    }

    public static void main(String[] args) {
        Lines.println("epoll available " + EpollProvider.isAvailable());
        RedisURI uri = RedisURI.builder().withHost(args[0]).withPort(Integer.parseInt(args[1]))
                .withTimeout(Duration.ofSeconds(20)).build();
        RedisClient client = RedisClient.create(uri);
        // RESP2: the test's responder answers PING, not RESP3's HELLO
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            Lines.println("PING " + connection.sync().ping());
        } catch (RuntimeException e) {
            Lines.failure(e);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(10));
        }
    }
}
