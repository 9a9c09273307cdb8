package io.pmsocks.agent.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The application of {@link ReliabilityIT}, run with the agent in the inside namespace. Each connect is made one of
 * three ways ({@link Mode}) and ends by the application closing what it opened; the probe reports outcomes on
 * standard output, one line each, flushed at once.
 *
 * <pre>
 * ReliabilityProbe loop HOST PORT          connect, read the greeting line, close; again, until stdin says "stop"
 *                                          (or closes); cycles through the modes. Prints "ok MODE",
 *                                          "error MODE CLASS: MESSAGE" (the connect failed) or "lost MODE
 *                                          EXCEPTION" (connected, then the greeting never came) per connect,
 *                                          "done" at the end.
 * ReliabilityProbe concurrent THREADS CONNECTS HOST PORT
 *                                          THREADS threads each make CONNECTS connects (mode by thread), all
 *                                          reading the greeting, with 60 s timeouts; prints "error ..." or "lost ..." (as loop
 *                                          does) for each failure (the first 100), then "done ok=N errors=M".
 * ReliabilityProbe fds MODE SEED ROUNDS TIMEOUT_MS TARGET...
 *                                          connects of MODE, each expected to fail, ROUNDS to each TARGET
 *                                          (HOST:PORT), every target once a round in an order shuffled by a
 *                                          Random(SEED), with TIMEOUT_MS as the application's timeout (a
 *                                          Socket's connect, a selector's wait). Prints "first TARGET CLASS:
 *                                          MESSAGE" for each target's first failure (in a warm-up), counts
 *                                          /proc/self/fd after the warm-up, after every connect, and at the
 *                                          end. Prints
 *                                          "unexpected TARGET RESULT" for a connect that did not fail with an
 *                                          IOException, then "fds before=B max=M after=A failures=F".
 * </pre>
 */
public final class ReliabilityProbe {

    /** How each connect is made. */
    enum Mode {
        /** {@code new Socket()}, {@code connect(address, timeout)}, the streams. */
        SOCKET,
        /** {@code SocketChannel.open()}, blocking {@code connect}, blocking reads. */
        BLOCKING_CHANNEL,
        /** A non-blocking channel driven by a selector: OP_CONNECT, finishConnect, OP_READ. */
        NON_BLOCKING_CHANNEL
    }

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final int TIMEOUT_MS = 10_000;
    /**
     * With a thousand sessions at once on a two-core machine, Dante took over 10 s to answer or relay some (measured:
     * 2 of 100 000 replies and 1 530 greetings): the concurrent run measures errors, not that latency.
     */
    private static final int CONCURRENT_TIMEOUT_MS = 60_000;
    private static final int WARM_UP = 5;
    private static final int ERRORS_SHOWN = 100;

    private ReliabilityProbe() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "loop" -> loop(address(args[1], args[2]));
            case "concurrent" -> concurrent(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                    address(args[3], args[4]));
            case "fds" -> fds(Mode.valueOf(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), List.of(args).subList(5, args.length));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static void loop(InetSocketAddress address) throws InterruptedException {
        AtomicInteger stop = new AtomicInteger();
        Thread stdin = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null && !line.equals("stop")) {
                    // any other line is ignored
                }
            } catch (IOException e) {
                // end of input: stop as well
            }
            stop.set(1);
        }, "stdin");
        stdin.setDaemon(true);
        stdin.start();
        Mode[] modes = Mode.values();
        for (int i = 0; stop.get() == 0; i++) {
            Mode mode = modes[i % modes.length];
            try {
                greeting(mode, address, TIMEOUT_MS);
                println("ok " + mode);
            } catch (LostAfterConnect e) {
                println("lost " + mode + " " + e.getCause());
            } catch (Exception e) {
                println("error " + mode + " " + e.getClass().getName() + ": " + e.getMessage());
            }
            // a steady pace, so that the run spans the server's stop and start with many connects each side
            Thread.sleep(5);
        }
        println("done");
    }

    private static void concurrent(int threads, int connects, InetSocketAddress address)
            throws InterruptedException {
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Mode mode = Mode.values()[t % Mode.values().length];
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int c = 0; c < connects; c++) {
                    try {
                        greeting(mode, address, CONCURRENT_TIMEOUT_MS);
                        ok.incrementAndGet();
                    } catch (LostAfterConnect e) {
                        if (errors.incrementAndGet() <= ERRORS_SHOWN) {
                            println("lost " + mode + " " + e.getCause());
                        }
                    } catch (Exception e) {
                        if (errors.incrementAndGet() <= ERRORS_SHOWN) {
                            println("error " + mode + " " + e.getClass().getName() + ": " + e.getMessage());
                        }
                    }
                }
            }, "connects-" + t);
            thread.start();
            started.add(thread);
        }
        start.countDown();
        for (Thread thread : started) {
            thread.join();
        }
        println("done ok=" + ok.get() + " errors=" + errors.get());
    }

    private static void fds(Mode mode, long seed, int rounds, int timeoutMs, List<String> targets)
            throws IOException {
        List<InetSocketAddress> addresses = targets.stream()
                .map(target -> address(target.substring(0, target.lastIndexOf(':')),
                        target.substring(target.lastIndexOf(':') + 1)))
                .toList();
        // the first connects load classes and open the JDK's own files: count after them
        for (int t = 0; t < addresses.size(); t++) {
            for (int i = 0; i < WARM_UP; i++) {
                Outcome outcome = connectExpectingFailure(mode, addresses.get(t), timeoutMs);
                if (i == 0) {
                    println("first " + targets.get(t) + " " + outcome.text());
                }
            }
        }
        Random random = new Random(seed);
        List<Integer> deck = new ArrayList<>();
        for (int t = 0; t < addresses.size(); t++) {
            deck.add(t);
        }
        int before = openFds();
        int max = before;
        int failures = 0;
        for (int round = 0; round < rounds; round++) {
            // every kind once a round, in a seeded order
            Collections.shuffle(deck, random);
            for (int t : deck) {
                Outcome outcome = connectExpectingFailure(mode, addresses.get(t), timeoutMs);
                if (outcome.failed()) {
                    failures++;
                } else {
                    println("unexpected " + targets.get(t) + " " + outcome.text());
                }
                max = Math.max(max, openFds());
            }
        }
        println("fds before=" + before + " max=" + max + " after=" + openFds() + " failures=" + failures);
    }

    /** How a connect that should fail ended: failed with an IOException, as it must, or otherwise. */
    private record Outcome(boolean failed, String text) {
    }

    private static Outcome connectExpectingFailure(Mode mode, InetSocketAddress address, int timeoutMs) {
        try {
            return new Outcome(false, "connected, read '" + greeting(mode, address, timeoutMs) + "'");
        } catch (IOException e) {
            return new Outcome(true, e.getClass().getName() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return new Outcome(false, e.toString());
        }
    }

    /** Connects {@code mode}'s way, reads one line, and closes; the line, or the failure. */
    private static String greeting(Mode mode, InetSocketAddress address, int timeoutMs) throws IOException {
        return switch (mode) {
            case SOCKET -> {
                try (Socket socket = new Socket()) {
                    socket.connect(address, timeoutMs);
                    try {
                        socket.setSoTimeout(timeoutMs);
                        yield readLine(socket.getInputStream());
                    } catch (IOException e) {
                        throw new LostAfterConnect(e);
                    }
                }
            }
            case BLOCKING_CHANNEL -> {
                try (SocketChannel channel = SocketChannel.open()) {
                    channel.connect(address);
                    try {
                        channel.socket().setSoTimeout(timeoutMs);
                        yield readLine(channel.socket().getInputStream());
                    } catch (IOException e) {
                        throw new LostAfterConnect(e);
                    }
                }
            }
            case NON_BLOCKING_CHANNEL -> nonBlockingGreeting(address, timeoutMs);
        };
    }

    private static String nonBlockingGreeting(InetSocketAddress address, int timeoutMs) throws IOException {
        try (SocketChannel channel = SocketChannel.open(); Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            if (!channel.connect(address)) {
                channel.register(selector, SelectionKey.OP_CONNECT);
                await(selector, "connect", timeoutMs);
                channel.finishConnect();
            }
            try {
                return nonBlockingLine(channel, selector, timeoutMs);
            } catch (IOException e) {
                throw new LostAfterConnect(e);
            }
        }
    }

    private static String nonBlockingLine(SocketChannel channel, Selector selector, int timeoutMs)
            throws IOException {
        SelectionKey key = channel.keyFor(selector);
        if (key == null) {
            channel.register(selector, SelectionKey.OP_READ);
        } else {
            key.interestOps(SelectionKey.OP_READ);
        }
        ByteBuffer buffer = ByteBuffer.allocate(256);
        while (true) {
            await(selector, "greeting", timeoutMs);
            if (channel.read(buffer) < 0) {
                throw new IOException("end of stream before a whole line");
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            if (end >= 0) {
                return text.substring(0, end);
            }
        }
    }

    /**
     * A connection that was made, then lost before the greeting came: what an application sees when its proxy dies
     * while relaying, which no connect can prevent or name.
     */
    private static final class LostAfterConnect extends IOException {
        private static final long serialVersionUID = 1L;

        LostAfterConnect(IOException cause) {
            super(cause);
        }
    }

    /**
     * Waits until the key is selected: {@code select} may return 0 before its timeout (a proxy
     * handshake driven by this selector's readiness does), so only the deadline times out.
     */
    private static void await(Selector selector, String what, int timeoutMs) throws IOException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        long left;
        while ((left = (deadline - System.nanoTime()) / 1_000_000L) > 0) {
            if (selector.select(left) > 0) {
                selector.selectedKeys().clear();
                return;
            }
        }
        throw new SocketTimeoutException("no " + what + " within " + timeoutMs + " ms");
    }

    private static String readLine(java.io.InputStream stream) throws IOException {
        String line = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new IOException("end of stream before a whole line");
        }
        return line;
    }

    private static int openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            // the listing's own descriptor is among them, the same way each time
            return (int) fds.count();
        }
    }

    private static InetSocketAddress address(String host, String port) {
        return new InetSocketAddress(host, Integer.parseInt(port));
    }

    private static void println(String line) {
        synchronized (OUT) {
            OUT.println(line);
        }
    }
}
