package io.pmsocks.agent.it;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two connections sharing one event loop, A through a stalled proxy and B through a working
 * one, run with the agent:
 *
 * <pre>EventLoopProbe netty A_HOST A_PORT B_HOST B_PORT
 * EventLoopProbe http A_HOST A_PORT B_HOST B_PORT</pre>
 *
 * {@code netty}: one NIO event loop; B (to an echo server) sends a line every 20 ms and times
 * the echoes; A connects with {@code CONNECT_TIMEOUT_MILLIS} = 2000 while B runs. Prints
 * {@code A failed after MS ms: CLASS}, then {@code B echoes N longest gap MS ms} for the
 * echoes that came while A was connecting. {@code http}: the JDK HttpClient (one selector
 * thread) with a 2 s connect timeout sends A, then B 200 ms later; prints {@code B status CODE}
 * and {@code A exception CLASS} in the order they completed.
 */
public final class EventLoopProbe {

    private EventLoopProbe() {
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress a = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
        InetSocketAddress b = new InetSocketAddress(args[3], Integer.parseInt(args[4]));
        switch (args[0]) {
            case "netty" -> netty(a, b);
            case "http" -> http(a, b);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void netty(InetSocketAddress a, InetSocketAddress b) throws Exception {
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        AtomicLong lastEcho = new AtomicLong();
        AtomicLong longestGap = new AtomicLong();
        AtomicInteger echoes = new AtomicInteger();
        try {
            Channel channelB = bootstrap(group, 10_000, new SimpleChannelInboundHandler<ByteBuf>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                    long now = System.nanoTime();
                    long previous = lastEcho.getAndSet(now);
                    if (previous != 0) {
                        longestGap.accumulateAndGet(now - previous, Math::max);
                    }
                    echoes.incrementAndGet();
                }
            }).connect(b).sync().channel();
            channelB.eventLoop().scheduleAtFixedRate(() -> channelB.writeAndFlush(
                    Unpooled.copiedBuffer("tick\n", StandardCharsets.UTF_8)), 0, 20,
                    TimeUnit.MILLISECONDS);
            Thread.sleep(300); // B's rhythm is established before A starts
            lastEcho.set(0);
            longestGap.set(0);
            echoes.set(0);
            long start = System.nanoTime();
            ChannelFuture connectA = bootstrap(group, 2000,
                    new SimpleChannelInboundHandler<ByteBuf>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                            System.out.println("A received data");
                        }
                    }).connect(a);
            connectA.await(20, TimeUnit.SECONDS);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Throwable cause = connectA.cause();
            System.out.println(cause == null ? "A connected after " + tookMillis + " ms"
                    : "A failed after " + tookMillis + " ms: " + cause.getClass().getName());
            System.out.println("B echoes " + echoes.get() + " longest gap "
                    + TimeUnit.NANOSECONDS.toMillis(longestGap.get()) + " ms");
            channelB.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static Bootstrap bootstrap(NioEventLoopGroup group, int connectTimeoutMillis,
            SimpleChannelInboundHandler<ByteBuf> handler) {
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInitializer<NioSocketChannel>() {
                    @Override
                    protected void initChannel(NioSocketChannel ch) {
                        ch.pipeline().addLast(handler);
                    }
                });
    }

    private static void http(InetSocketAddress a, InetSocketAddress b) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        CompletableFuture<HttpResponse<String>> first = client.sendAsync(request(a),
                HttpResponse.BodyHandlers.ofString());
        first.whenComplete((response, failure) -> System.out.println(failure == null
                ? "A status " + response.statusCode()
                : "A exception " + rootOf(failure).getClass().getName()));
        Thread.sleep(200);
        CompletableFuture<HttpResponse<String>> second = client.sendAsync(request(b),
                HttpResponse.BodyHandlers.ofString());
        second.whenComplete((response, failure) -> System.out.println(failure == null
                ? "B status " + response.statusCode()
                : "B exception " + rootOf(failure)));
        CompletableFuture.allOf(first, second).exceptionally(ignored -> null)
                .get(20, TimeUnit.SECONDS);
        Thread.sleep(100); // the completion lines are printed
    }

    private static HttpRequest request(InetSocketAddress to) {
        return HttpRequest.newBuilder(URI.create("http://" + to.getHostString() + ":"
                + to.getPort() + "/")).build();
    }

    private static Throwable rootOf(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof java.util.concurrent.CompletionException
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
