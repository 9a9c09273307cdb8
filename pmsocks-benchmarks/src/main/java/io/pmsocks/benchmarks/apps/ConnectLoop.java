package io.pmsocks.benchmarks.apps;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The client of the connect-rate benchmark: connects to an echo server again and again, each time
 * sending a few bytes and checking that the same bytes come back and that the server then closes
 * (so that a connect that only seemed to succeed is never counted), then closing its end. It runs for a warm-up period, then counts
 * the connects of a measured period, and prints one line:
 *
 * <pre>result connects=N millis=M cpu_millis=C total=T</pre>
 *
 * {@code cpu_millis} is the CPU time the whole process used during the measured period (all
 * threads, JIT and GC included): the client's own cost, which a slow server cannot hide.
 * {@code total} counts the warm-up's connects too, for whoever measures the server's cost.
 * Any failure ends the run with status 1 and a line {@code error after N connects: ...}.
 *
 * <pre>ConnectLoop MODE HOST PORT WARMUP_MILLIS MEASURE_MILLIS MAX_CONNECTS</pre>
 *
 * Modes: {@code socket} ({@code new Socket()} and {@code connect} with a timeout, as most
 * clients do), {@code channel} (a blocking {@link SocketChannel}), {@code selector} (a
 * non-blocking channel registered with a {@link Selector} before its connect, as Netty does).
 */
public final class ConnectLoop {

    private static final int TIMEOUT_MILLIS = 5000;
    private static final byte[] PAYLOAD = "pmsocks connect-rate benchmark\n".getBytes(StandardCharsets.US_ASCII);

    /** What each connection sends; the echo server is to close once it has sent back this many bytes. */
    public static final int PAYLOAD_LENGTH = PAYLOAD.length;

    private final String mode;
    private final InetSocketAddress target;
    private final byte[] received = new byte[PAYLOAD.length];
    private Selector selector;

    private ConnectLoop(String mode, InetSocketAddress target) {
        this.mode = mode;
        this.target = target;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            System.err.println("usage: ConnectLoop socket|channel|selector HOST PORT WARMUP_MILLIS MEASURE_MILLIS"
                    + " MAX_CONNECTS");
            System.exit(2);
        }
        ConnectLoop loop = new ConnectLoop(args[0], new InetSocketAddress(args[1], Integer.parseInt(args[2])));
        if (!loop.mode.equals("socket") && !loop.mode.equals("channel") && !loop.mode.equals("selector")) {
            System.err.println("unknown mode " + loop.mode + "; expected socket, channel or selector");
            System.exit(2);
        }
        long warmupNanos = Duration.ofMillis(Long.parseLong(args[3])).toNanos();
        long measureNanos = Duration.ofMillis(Long.parseLong(args[4])).toNanos();
        long maxConnects = Long.parseLong(args[5]);
        loop.run(warmupNanos, measureNanos, maxConnects);
    }

    private void run(long warmupNanos, long measureNanos, long maxConnects) throws IOException {
        if (mode.equals("selector")) {
            selector = Selector.open();
        }
        long start = System.nanoTime();
        long measureStart = start + warmupNanos;
        long end = measureStart + measureNanos;
        long total = 0;
        long measured = 0;
        boolean measuring = false;
        long cpuStart = 0;
        long now = start;
        while (now < end && total < maxConnects) {
            if (!measuring && now >= measureStart) {
                measuring = true;
                measureStart = now;
                cpuStart = cpuNanos();
            }
            try {
                connectOnce();
            } catch (IOException | RuntimeException e) {
                System.out.println("error after " + total + " connects: " + e);
                System.exit(1);
            }
            total++;
            if (measuring) {
                measured++;
            }
            now = System.nanoTime();
        }
        if (!measuring) {
            System.out.println("error after " + total + " connects: MAX_CONNECTS reached during the warm-up");
            System.exit(1);
        }
        long cpu = cpuNanos() - cpuStart;
        System.out.println("result connects=" + measured + " millis=" + (now - measureStart) / 1_000_000
                + " cpu_millis=" + cpu / 1_000_000 + " total=" + total);
    }

    private void connectOnce() throws IOException {
        switch (mode) {
            case "socket" -> viaSocket();
            case "channel" -> viaBlockingChannel();
            default -> viaSelector();
        }
        if (!Arrays.equals(PAYLOAD, received)) {
            throw new IOException("the echo server sent back other bytes");
        }
    }

    private void viaSocket() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(target, TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.getOutputStream().write(PAYLOAD);
            InputStream in = socket.getInputStream();
            int count = 0;
            while (count < received.length) {
                int n = in.read(received, count, received.length - count);
                if (n < 0) {
                    throw new IOException("the echo server closed after " + count + " bytes");
                }
                count += n;
            }
            if (in.read() >= 0) {
                throw new IOException("the echo server sent more than the echo");
            }
        }
    }

    private void viaBlockingChannel() throws IOException {
        try (SocketChannel channel = SocketChannel.open()) {
            channel.connect(target);
            ByteBuffer out = ByteBuffer.wrap(PAYLOAD);
            while (out.hasRemaining()) {
                channel.write(out);
            }
            ByteBuffer in = ByteBuffer.wrap(received);
            while (in.hasRemaining()) {
                if (channel.read(in) < 0) {
                    throw new IOException("the echo server closed after " + in.position() + " bytes");
                }
            }
            if (channel.read(ByteBuffer.allocate(1)) >= 0) {
                throw new IOException("the echo server sent more than the echo");
            }
        }
    }

    private void viaSelector() throws IOException {
        try (SocketChannel channel = SocketChannel.open()) {
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, 0);
            if (!channel.connect(target)) {
                key.interestOps(SelectionKey.OP_CONNECT);
                do {
                    await("connect");
                } while (!channel.finishConnect());
            }
            key.interestOps(SelectionKey.OP_READ);
            ByteBuffer out = ByteBuffer.wrap(PAYLOAD);
            while (out.hasRemaining()) {
                if (channel.write(out) == 0) {
                    throw new IOException("a fresh connection's send buffer was full");
                }
            }
            ByteBuffer in = ByteBuffer.wrap(received);
            while (in.hasRemaining()) {
                int n = channel.read(in);
                if (n < 0) {
                    throw new IOException("the echo server closed after " + in.position() + " bytes");
                }
                if (n == 0) {
                    await("the echo");
                }
            }
            ByteBuffer end = ByteBuffer.allocate(1);
            int n;
            while ((n = channel.read(end)) == 0) {
                await("end of the echo");
            }
            if (n > 0) {
                throw new IOException("the echo server sent more than the echo");
            }
        }
        // the closed channel's key is cancelled; deregister it now rather than in the next connect
        selector.selectNow();
    }

    /**
     * Waits until the key is selected. {@code select} may return 0 before its timeout (the JDK
     * allows it, and a proxy handshake driven by this selector's readiness does it once or
     * twice per connect), so only the deadline means "timed out".
     */
    private void await(String what) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        long left;
        while ((left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) > 0) {
            if (selector.select(left) > 0) {
                selector.selectedKeys().clear();
                return;
            }
        }
        throw new SocketTimeoutException("no " + what + " within " + TIMEOUT_MILLIS + " ms");
    }

    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }
}
