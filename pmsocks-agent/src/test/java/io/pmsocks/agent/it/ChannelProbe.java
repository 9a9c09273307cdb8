package io.pmsocks.agent.it;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The NIO application the integration tests run with the agent:
 *
 * <pre>ChannelProbe MODE HOST PORT</pre>
 *
 * Modes: {@code blocking} (SocketChannel.open(address)), {@code selector} (non-blocking, a
 * hand-written selector loop, registered for OP_CONNECT before connecting), {@code adaptor}
 * (channel.socket().connect(address, 5000)), {@code http} (the JDK HttpClient, GET
 * http://HOST:PORT/), {@code netty} (a Netty NIO client), {@code udp} (a DatagramChannel
 * round trip), {@code unix} (a Unix-domain channel to a server of its own; HOST and PORT unused).
 * Output: {@code connected peer=ADDRESS:PORT}, then {@code line TEXT} for each line received;
 * or {@code exception CLASS: MESSAGE} and exit status 3.
 */
public final class ChannelProbe {

    private static final byte[] HELLO = "hello through pmsocks\n".getBytes(StandardCharsets.UTF_8);

    private ChannelProbe() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        InetSocketAddress address = args.length > 2
                ? new InetSocketAddress(args[1], Integer.parseInt(args[2])) : null;
        try {
            switch (mode) {
                case "blocking" -> blocking(address);
                case "selector" -> selector(address);
                case "adaptor" -> adaptor(address);
                case "http" -> http(address);
                case "netty" -> netty(address);
                case "udp" -> udp(address);
                case "unix" -> unix();
                default -> throw new IllegalArgumentException(mode);
            }
        } catch (IOException e) {
            System.out.println("exception " + e.getClass().getName() + ": " + e.getMessage());
            System.exit(3);
        }
    }

    private static void blocking(InetSocketAddress address) throws IOException {
        try (SocketChannel channel = SocketChannel.open(address)) {
            System.out.println("connected peer=" + peer(channel));
            channel.write(ByteBuffer.wrap(HELLO));
            channel.shutdownOutput();
            printLines(readAll(channel));
        }
    }

    private static void adaptor(InetSocketAddress address) throws IOException {
        try (SocketChannel channel = SocketChannel.open()) {
            channel.socket().connect(address, 5000);
            System.out.println("connected peer=" + peer(channel) + " inet="
                    + channel.socket().getInetAddress().getHostAddress());
            channel.write(ByteBuffer.wrap(HELLO));
            channel.shutdownOutput();
            printLines(readAll(channel));
        }
    }

    /** The classic loop: register, connect, finish on OP_CONNECT, then write and read. */
    private static void selector(InetSocketAddress address) throws IOException {
        try (Selector selector = Selector.open(); SocketChannel channel = SocketChannel.open()) {
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
            if (channel.connect(address)) {
                System.out.println("connect returned true");
                key.interestOps(SelectionKey.OP_WRITE);
            }
            ByteBuffer out = ByteBuffer.wrap(HELLO);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(256);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < end) {
                selector.select(1000);
                for (SelectionKey ready : selector.selectedKeys()) {
                    if (ready.isConnectable() && channel.finishConnect()) {
                        System.out.println("finishConnect returned true");
                        key.interestOps(SelectionKey.OP_WRITE);
                    } else if (ready.isWritable()) {
                        channel.write(out);
                        if (!out.hasRemaining()) {
                            channel.shutdownOutput();
                            key.interestOps(SelectionKey.OP_READ);
                        }
                    } else if (ready.isReadable()) {
                        in.clear();
                        if (channel.read(in) < 0) {
                            System.out.println("connected peer=" + peer(channel));
                            printLines(received.toString(StandardCharsets.UTF_8));
                            return;
                        }
                        received.write(in.array(), 0, in.position());
                    }
                }
                selector.selectedKeys().clear();
            }
            System.out.println("timed out");
        }
    }

    private static void http(InetSocketAddress address) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(
                "http://" + address.getHostString() + ":" + address.getPort() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.println("status " + response.statusCode());
        printLines(response.body());
    }

    private static void netty(InetSocketAddress address) throws Exception {
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        CompletableFuture<String> answer = new CompletableFuture<>();
        StringBuilder text = new StringBuilder();
        try {
            Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<NioSocketChannel>() {
                        @Override
                        protected void initChannel(NioSocketChannel ch) {
                            ch.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                                    text.append(msg.toString(StandardCharsets.UTF_8));
                                }

                                @Override
                                public void channelInactive(ChannelHandlerContext ctx) {
                                    answer.complete(text.toString());
                                }
                            });
                        }
                    })
                    .connect(address).sync().channel();
            InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
            System.out.println("connected peer=" + remote.getAddress().getHostAddress() + ":"
                    + remote.getPort());
            channel.writeAndFlush(Unpooled.wrappedBuffer(HELLO)).sync();
            ((NioSocketChannel) channel).shutdownOutput().sync();
            printLines(answer.get(20, TimeUnit.SECONDS));
        } catch (io.netty.channel.ChannelException | java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            System.out.println("exception " + cause.getClass().getName() + ": " + cause.getMessage());
            System.exit(3);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static void udp(InetSocketAddress address) throws IOException {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(address);
            channel.write(ByteBuffer.wrap(HELLO));
            ByteBuffer in = ByteBuffer.allocate(256);
            channel.socket().setSoTimeout(5000);
            channel.read(in);
            System.out.println("connected peer=" + address.getAddress().getHostAddress() + ":"
                    + address.getPort());
            printLines(new String(in.array(), 0, in.position(), StandardCharsets.UTF_8));
        }
    }

    /** A Unix-domain server and client in this JVM: only a rule-free path can connect them. */
    private static void unix() throws IOException {
        Path socketFile = Files.createTempDirectory("pmsocks-unix").resolve("socket");
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socketFile);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(address);
            try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                client.connect(address);
                try (SocketChannel accepted = server.accept()) {
                    client.write(ByteBuffer.wrap(HELLO));
                    client.shutdownOutput();
                    System.out.println("connected peer=" + client.getRemoteAddress());
                    printLines(readAll(accepted));
                }
            }
        } finally {
            Files.deleteIfExists(socketFile);
            Files.deleteIfExists(socketFile.getParent());
        }
    }

    private static String readAll(SocketChannel channel) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ByteBuffer in = ByteBuffer.allocate(256);
        while (channel.read(in) >= 0) {
            received.write(in.array(), 0, in.position());
            in.clear();
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    private static void printLines(String text) {
        text.lines().forEach(line -> System.out.println("line " + line));
    }

    private static String peer(SocketChannel channel) throws IOException {
        InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
        return remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }
}
