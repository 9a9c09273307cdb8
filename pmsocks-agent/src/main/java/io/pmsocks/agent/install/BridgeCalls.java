package io.pmsocks.agent.install;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Future;

/**
 * The calls the advice makes, with the signatures of {@code java.net.PmsocksBridge}'s entry
 * points. The agent cannot name that class when it is compiled (it is compiled into
 * {@code java.base}); the weaver renames this class to it in the woven bytes, so these bodies
 * never run.
 */
final class BridgeCalls {

    static final String INTERNAL_NAME = "io/pmsocks/agent/install/BridgeCalls";

    private BridgeCalls() {
    }

    static boolean connectSocket(Socket socket, SocketAddress endpoint, int timeout)
            throws IOException {
        throw notRenamed();
    }

    static boolean connectChannel(SocketChannel channel, SocketAddress remote)
            throws IOException {
        throw notRenamed();
    }

    static boolean blockingConnectChannel(SocketChannel channel, SocketAddress remote,
            long nanos) throws IOException {
        throw notRenamed();
    }

    static InetAddress[] lookupBeforeResolver(String host) {
        throw notRenamed();
    }

    static InetAddress[] lookupAfterFailure(String host) {
        throw notRenamed();
    }

    static Future<Void> connectAsync(AsynchronousSocketChannel channel, SocketAddress remote,
            Object attachment, CompletionHandler<Void, Object> handler) {
        throw notRenamed();
    }

    static boolean isConnecting(SocketChannel channel) {
        throw notRenamed();
    }

    static int readyOps(SocketChannel channel, int events, int initialOps, Object key) {
        throw notRenamed();
    }

    static int interestOps(SocketChannel channel, int ops, int translated) {
        throw notRenamed();
    }

    static int finishConnect(SocketChannel channel) throws IOException {
        throw notRenamed();
    }

    static void closing(SocketChannel channel) {
        throw notRenamed();
    }

    private static IllegalStateException notRenamed() {
        return new IllegalStateException("advice woven without renaming its bridge calls");
    }
}
