package io.pmsocks.agent.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The NIO.2 application the integration tests run with the agent:
 *
 * <pre>AsyncChannelProbe MODE HOST PORT [HOST2 PORT2]</pre>
 *
 * All channels belong to a group of one thread, so that a connect that blocked that thread would
 * stop every other. Modes: {@code future} (connect(address).get(20 s)), {@code timeout}
 * (connect(address).get(2 s), then the application gives up: cancel), {@code handler} (the
 * completion-handler form), {@code both} (a handler connect to HOST PORT that never completes
 * on its own, then a future connect to HOST2 PORT2 on the same thread, which must complete
 * meanwhile). Output: {@code connected peer=ADDRESS:PORT}, {@code line TEXT} for the greeting and
 * the echo of a line sent; or {@code exception CLASS: MESSAGE}; {@code handler thread=NAME}
 * names the thread that ran a handler.
 */
public final class AsyncChannelProbe {

    private static final byte[] HELLO = "hello through pmsocks\n".getBytes(StandardCharsets.UTF_8);

    private AsyncChannelProbe() {
    }

    public static void main(String[] args) throws Exception {
        AsynchronousChannelGroup group = AsynchronousChannelGroup.withFixedThreadPool(1,
                task -> new Thread(task, "group-thread"));
        InetSocketAddress address = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
        try {
            switch (args[0]) {
                case "future" -> future(group, address, 20);
                case "timeout" -> future(group, address, 2);
                case "handler" -> handler(group, address);
                case "both" -> both(group, address,
                        new InetSocketAddress(args[3], Integer.parseInt(args[4])));
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        } finally {
            group.shutdownNow();
        }
    }

    private static void future(AsynchronousChannelGroup group, InetSocketAddress address,
            int seconds) throws Exception {
        AsynchronousSocketChannel channel = AsynchronousSocketChannel.open(group);
        Future<Void> connect = channel.connect(address);
        try {
            connect.get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            print("exception " + e.getCause());
            print("open " + channel.isOpen());
            return;
        } catch (TimeoutException e) {
            print("timeout after " + seconds + " s; cancelled " + connect.cancel(true));
            print("open " + channel.isOpen());
            return;
        }
        echo(channel);
    }

    private static void handler(AsynchronousChannelGroup group, InetSocketAddress address)
            throws Exception {
        AsynchronousSocketChannel channel = AsynchronousSocketChannel.open(group);
        CompletableFuture<Throwable> done = new CompletableFuture<>();
        channel.connect(address, "attachment", new CompletionHandler<Void, String>() {
            @Override
            public void completed(Void result, String attachment) {
                print("handler thread=" + Thread.currentThread().getName() + " " + attachment);
                done.complete(null);
            }

            @Override
            public void failed(Throwable failure, String attachment) {
                print("handler thread=" + Thread.currentThread().getName() + " " + attachment);
                done.complete(failure);
            }
        });
        Throwable failure = done.get(20, TimeUnit.SECONDS);
        if (failure != null) {
            print("exception " + failure);
            return;
        }
        echo(channel);
    }

    private static void both(AsynchronousChannelGroup group, InetSocketAddress stalled,
            InetSocketAddress echo) throws Exception {
        AsynchronousSocketChannel waiting = AsynchronousSocketChannel.open(group);
        waiting.connect(stalled, null, new CompletionHandler<Void, Void>() {
            @Override
            public void completed(Void result, Void attachment) {
                print("stalled connect completed");
            }

            @Override
            public void failed(Throwable failure, Void attachment) {
                print("stalled connect ended: " + failure);
            }
        });
        future(group, echo, 20);
        print("stalled connect still pending " + waiting.isOpen());
        waiting.close();
    }

    /** Reads the server's greeting, sends a line and reads its echo, with the channel's own reads. */
    private static void echo(AsynchronousSocketChannel channel) throws Exception {
        print("connected peer=" + format((InetSocketAddress) channel.getRemoteAddress()));
        print("line " + readLine(channel));
        channel.write(ByteBuffer.wrap(HELLO)).get(10, TimeUnit.SECONDS);
        print("line " + readLine(channel));
        channel.close();
    }

    private static String readLine(AsynchronousSocketChannel channel) throws Exception {
        StringBuilder line = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
            one.clear();
            if (channel.read(one).get(10, TimeUnit.SECONDS) < 0) {
                throw new IOException("end of stream after '" + line + "'");
            }
            char c = (char) one.get(0);
            if (c == '\n') {
                return line.toString();
            }
            line.append(c);
        }
    }

    private static String format(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    private static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
