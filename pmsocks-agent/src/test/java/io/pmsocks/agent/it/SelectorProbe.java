package io.pmsocks.agent.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Non-blocking channel clients written the ways applications write them, run with the agent:
 *
 * <pre>SelectorProbe MODE HOST PORT [COUNT]</pre>
 *
 * Modes: {@code register-first} (register for OP_CONNECT, then connect), {@code connect-first}
 * (connect, then register), {@code other-thread} (a second thread selects while this one
 * connects and then asks for OP_CONNECT), {@code two-selectors} (registered with two selectors, one of them never selected
 * for OP_CONNECT), {@code poll} (no selector: finishConnect polled every 10 ms), {@code
 * blocking-finish} (connect non-blocking, switch to blocking, then finishConnect), {@code kafka}
 * (Kafka's handling: a connect that returned true is finished at once, interest 0 until then;
 * otherwise OP_CONNECT), {@code hc5} (Apache HttpClient 5 async, GET http://HOST:PORT/,
 * printing {@code status CODE} and the body's lines), {@code fan-out} (COUNT channels on one selector, each echoes a line).
 * Each prints {@code connect returned B pending=B peer=ADDRESS:PORT} after its connect, then
 * {@code connected peer=ADDRESS:PORT} and {@code line TEXT} for each line the echo server sent,
 * or {@code exception CLASS: MESSAGE open=B} and exit status 3; {@code fan-out} prints {@code
 * echoed N of COUNT in MS ms, connect() calls took MS ms, the first MS ms} (the first
 * connect builds the routes: JDK internals looked up, the configuration's names resolved). Every wait is bounded by the
 * probe's own 20 s timer, as an application's would be, and prints {@code timed out}.
 */
public final class SelectorProbe {

    private static final byte[] HELLO = "hello through pmsocks\n".getBytes(StandardCharsets.UTF_8);
    private static final long TIMER_NANOS = TimeUnit.SECONDS.toNanos(20);

    private SelectorProbe() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        InetSocketAddress address = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
        if (mode.equals("hc5")) {
            apacheAsync(address);
            return;
        }
        if (mode.equals("fan-out")) {
            fanOut(address, Integer.parseInt(args[3]));
            return;
        }
        SocketChannel channel = SocketChannel.open();
        try {
            channel.configureBlocking(false);
            switch (mode) {
                case "register-first" -> registerFirst(channel, address);
                case "connect-first" -> connectFirst(channel, address);
                case "other-thread" -> otherThread(channel, address);
                case "two-selectors" -> twoSelectors(channel, address);
                case "poll" -> poll(channel, address);
                case "blocking-finish" -> blockingFinish(channel, address);
                case "kafka" -> kafka(channel, address);
                default -> throw new IllegalArgumentException(mode);
            }
        } catch (IOException e) {
            System.out.println("exception " + e.getClass().getName() + ": " + e.getMessage()
                    + " open=" + channel.isOpen());
            System.exit(3);
        }
    }

    private static boolean connect(SocketChannel channel, InetSocketAddress address)
            throws IOException {
        boolean connected = channel.connect(address);
        System.out.println("connect returned " + connected + " pending="
                + channel.isConnectionPending() + " peer=" + peer(channel));
        return connected;
    }

    private static void registerFirst(SocketChannel channel, InetSocketAddress address)
            throws IOException {
        try (Selector selector = Selector.open()) {
            SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
            connect(channel, address);
            runLoop(selector, key, channel);
        }
    }

    private static void connectFirst(SocketChannel channel, InetSocketAddress address)
            throws IOException {
        try (Selector selector = Selector.open()) {
            connect(channel, address);
            runLoop(selector, channel.register(selector, SelectionKey.OP_CONNECT), channel);
        }
    }

    /**
     * The selector thread is already blocked in select() when connect() is called; OP_CONNECT
     * is asked for after the connect (an unconnected socket polls as hung up, so interest in
     * OP_CONNECT before connect() makes the JDK report it at once).
     */
    private static void otherThread(SocketChannel channel, InetSocketAddress address)
            throws Exception {
        try (Selector selector = Selector.open()) {
            SelectionKey key = channel.register(selector, 0);
            CompletableFuture<Void> loop = CompletableFuture.runAsync(() -> {
                try {
                    runLoop(selector, key, channel);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.sleep(200);
            connect(channel, address);
            key.interestOps(SelectionKey.OP_CONNECT);
            selector.wakeup();
            try {
                loop.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof java.io.UncheckedIOException io) {
                    throw io.getCause();
                }
                throw e;
            }
        }
    }

    /** A second selector holds a key with interest 0: it must neither spin nor steal bytes. */
    private static void twoSelectors(SocketChannel channel, InetSocketAddress address)
            throws IOException {
        try (Selector idle = Selector.open(); Selector selector = Selector.open()) {
            channel.register(idle, 0);
            SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
            connect(channel, address);
            runLoop(selector, key, channel);
            int idleWakeups = idle.selectNow();
            System.out.println("idle selector ready keys " + idleWakeups);
        }
    }

    private static void poll(SocketChannel channel, InetSocketAddress address) throws Exception {
        connect(channel, address);
        long end = System.nanoTime() + TIMER_NANOS;
        while (!channel.finishConnect()) {
            if (System.nanoTime() > end) {
                System.out.println("timed out");
                return;
            }
            Thread.sleep(10);
        }
        System.out.println("finishConnect returned true");
        channel.configureBlocking(true);
        exchange(channel);
    }

    private static void blockingFinish(SocketChannel channel, InetSocketAddress address)
            throws IOException {
        connect(channel, address);
        channel.configureBlocking(true);
        System.out.println("finishConnect returned " + channel.finishConnect());
        exchange(channel);
    }

    /** Kafka's Selector: immediately connected keys get interest 0 and are finished at once. */
    private static void kafka(SocketChannel channel, InetSocketAddress address) throws IOException {
        try (Selector selector = Selector.open()) {
            boolean connected = connect(channel, address);
            SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
            if (connected) {
                key.interestOps(0);
                if (!channel.finishConnect()) {
                    System.out.println("finishConnect false after connect returned true");
                    return;
                }
                key.interestOps(SelectionKey.OP_WRITE);
            }
            runLoop(selector, key, channel);
        }
    }

    private static void runLoop(Selector selector, SelectionKey key, SocketChannel channel)
            throws IOException {
        ByteBuffer out = ByteBuffer.wrap(HELLO);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ByteBuffer in = ByteBuffer.allocate(256);
        long end = System.nanoTime() + TIMER_NANOS;
        long selects = 0;
        while (System.nanoTime() < end) {
            selector.select(1000);
            selects++;
            for (SelectionKey ready : selector.selectedKeys()) {
                if (ready.isConnectable()) {
                    if (!channel.finishConnect()) {
                        System.out.println("finishConnect returned false after OP_CONNECT");
                        return;
                    }
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
                        System.err.println("selects " + selects);
                        return;
                    }
                    received.write(in.array(), 0, in.position());
                }
            }
            selector.selectedKeys().clear();
        }
        System.out.println("timed out");
    }

    private static void exchange(SocketChannel channel) throws IOException {
        channel.write(ByteBuffer.wrap(HELLO));
        channel.shutdownOutput();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ByteBuffer in = ByteBuffer.allocate(256);
        while (channel.read(in) >= 0) {
            received.write(in.array(), 0, in.position());
            in.clear();
        }
        System.out.println("connected peer=" + peer(channel));
        printLines(received.toString(StandardCharsets.UTF_8));
    }

    /** COUNT channels, one selector: connect all, then each writes a line and reads it back. */
    private static void fanOut(InetSocketAddress address, int count) throws IOException {
        long start = System.nanoTime();
        long inConnect = 0;
        long firstConnect = 0;
        int echoed = 0;
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                long before = System.nanoTime();
                boolean connected = channel.connect(address);
                inConnect += System.nanoTime() - before;
                if (i == 0) {
                    firstConnect = inConnect;
                }
                channel.register(selector, connected ? SelectionKey.OP_WRITE
                        : SelectionKey.OP_CONNECT, new ByteArrayOutputStream());
            }
            long end = start + TIMER_NANOS;
            ByteBuffer in = ByteBuffer.allocate(256);
            while (echoed < count && System.nanoTime() < end) {
                selector.select(1000);
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel channel = (SocketChannel) key.channel();
                    if (key.isConnectable()) {
                        channel.finishConnect();
                        key.interestOps(SelectionKey.OP_WRITE);
                    } else if (key.isWritable()) {
                        channel.write(ByteBuffer.wrap(HELLO));
                        key.interestOps(SelectionKey.OP_READ);
                    } else if (key.isReadable()) {
                        in.clear();
                        int n = channel.read(in);
                        ByteArrayOutputStream text = (ByteArrayOutputStream) key.attachment();
                        if (n > 0) {
                            text.write(in.array(), 0, n);
                        }
                        if (text.toString(StandardCharsets.UTF_8).endsWith(
                                new String(HELLO, StandardCharsets.UTF_8)) || n < 0) {
                            echoed += n < 0 ? 0 : 1;
                            key.cancel();
                            channel.close();
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        }
        System.out.println("echoed " + echoed + " of " + count + " in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
                + " ms, connect() calls took " + TimeUnit.NANOSECONDS.toMillis(inConnect)
                + " ms, the first " + TimeUnit.NANOSECONDS.toMillis(firstConnect) + " ms");
    }

    /** Apache HttpClient 5 async: its own I/O reactor threads and selectors. */
    private static void apacheAsync(InetSocketAddress address) throws Exception {
        try (org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient client =
                org.apache.hc.client5.http.impl.async.HttpAsyncClients.createDefault()) {
            client.start();
            org.apache.hc.client5.http.async.methods.SimpleHttpResponse response = client.execute(
                    org.apache.hc.client5.http.async.methods.SimpleHttpRequests.get("http://"
                            + address.getHostString() + ":" + address.getPort() + "/"), null)
                    .get(20, TimeUnit.SECONDS);
            System.out.println("status " + response.getCode());
            printLines(response.getBodyText());
        } catch (java.util.concurrent.ExecutionException e) {
            System.out.println("exception " + e.getCause().getClass().getName() + ": "
                    + e.getCause().getMessage());
            System.exit(3);
        }
    }

    private static void printLines(String text) {
        text.lines().forEach(line -> System.out.println("line " + line));
    }

    private static String peer(SocketChannel channel) throws IOException {
        InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
        return remote == null ? "none"
                : remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }
}
