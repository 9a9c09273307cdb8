package io.pmsocks.nativeit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultEventLoopGroupProvider;
import io.lettuce.core.resource.EventLoopGroupProvider;
import io.lettuce.core.resource.Transports;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two Lettuce clients sharing one {@link ClientResources} with a single I/O thread, run with the agent:
 * {@code A_HOST A_PORT B_HOST B_PORT}. Prints {@code io threads N} (the event loops the clients share); then B
 * connects and sends a PING every 20 ms, timing the PONGs; then A connects with Lettuce's connect timeout of 2 s
 * while B goes on. Prints {@code A failed after MS ms: CLASS: MESSAGE}
 * (then {@code cause CLASS: MESSAGE} for each cause) or {@code A connected after MS ms}, then
 * {@code B pongs N longest gap MS ms} for the PONGs while A was connecting (from its start to its end).
 */
public final class LettuceEventLoopProbe {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private LettuceEventLoopProbe() {
    }

    public static void main(String[] args) throws Exception {
        // one I/O thread, so both clients' channels share one Netty event loop; not ioThreadPoolSize(1), which
        // DefaultClientResources raises to its minimum of 2 (and then A and B get a loop each)
        EventLoopGroupProvider loops = new DefaultEventLoopGroupProvider(1);
        ClientResources resources = ClientResources.builder().eventLoopGroupProvider(loops).build();
        EventLoopGroup group = loops.allocate(Transports.eventLoopGroupClass());
        int ioThreads = 0;
        for (EventExecutor ignored : group) {
            ioThreads++;
        }
        Lines.println("io threads " + ioThreads);
        RedisClient clientA = client(resources, args[0], args[1]);
        RedisClient clientB = client(resources, args[2], args[3]);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        AtomicLong lastPong = new AtomicLong();
        AtomicLong longestGap = new AtomicLong();
        AtomicInteger pongs = new AtomicInteger();
        try (StatefulRedisConnection<String, String> b = clientB.connect()) {
            ticker.scheduleAtFixedRate(() -> b.async().ping().thenAccept(pong -> {
                long now = System.nanoTime();
                longestGap.accumulateAndGet(now - lastPong.getAndSet(now), Math::max);
                pongs.incrementAndGet();
            }), 0, 20, TimeUnit.MILLISECONDS);
            Thread.sleep(300); // B's rhythm is established before A starts
            // gaps count from A's start to its end, so that a loop that answered nothing shows the whole wait
            long start = System.nanoTime();
            lastPong.set(start);
            longestGap.set(0);
            pongs.set(0);
            try (StatefulRedisConnection<String, String> a = clientA.connect()) {
                Lines.println("A connected after " + millisSince(start) + " ms");
            } catch (RuntimeException e) {
                Lines.println("A failed after " + millisSince(start) + " ms: " + e);
                for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                    Lines.println("cause " + cause);
                }
            }
            // the gap is read before B stops, so that it covers A's whole connect
            long gap = TimeUnit.NANOSECONDS.toMillis(Math.max(longestGap.get(), System.nanoTime() - lastPong.get()));
            Lines.println("B pongs " + pongs.get() + " longest gap " + gap + " ms");
        } finally {
            ticker.shutdownNow();
            clientA.shutdown(Duration.ZERO, Duration.ofSeconds(5));
            clientB.shutdown(Duration.ZERO, Duration.ofSeconds(5));
            resources.shutdown(0, 5, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
            loops.release(group, 0, 5, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
            loops.shutdown(0, 5, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        }
    }

    private static RedisClient client(ClientResources resources, String host, String port) {
        RedisClient client = RedisClient.create(resources, RedisURI.builder().withHost(host)
                .withPort(Integer.parseInt(port)).withTimeout(Duration.ofSeconds(20)).build());
        // RESP2: the test's responder answers PING, not RESP3's HELLO
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2)
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build()).build());
        return client;
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
