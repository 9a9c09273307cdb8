package io.pmsocks.namesit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.resolver.DefaultAddressResolverGroup;
import java.time.Duration;

/**
 * A Lettuce client that resolves names with Netty's {@code DefaultAddressResolverGroup}, which asks the JDK
 * ({@code InetAddress}): {@code HOST PORT}. (Lettuce's own default, Netty's {@code DnsNameResolver}, speaks DNS
 * itself and never asks the JDK.) Prints the PING's answer or the failure.
 */
public final class LettuceNettyResolverProbe {

    private LettuceNettyResolverProbe() {
    }

    public static void main(String[] args) {
        ClientResources resources = DefaultClientResources.builder()
                .addressResolverGroup(DefaultAddressResolverGroup.INSTANCE).build();
        RedisURI uri = RedisURI.builder().withHost(args[0]).withPort(Integer.parseInt(args[1]))
                .withTimeout(Duration.ofSeconds(20)).build();
        RedisClient client = RedisClient.create(resources, uri);
        // RESP2: the test's responder answers PING, not RESP3's HELLO
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            Lines.println("PING " + connection.sync().ping());
        } catch (RuntimeException e) {
            Lines.failure(e);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(10));
            resources.shutdown(0, 10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
