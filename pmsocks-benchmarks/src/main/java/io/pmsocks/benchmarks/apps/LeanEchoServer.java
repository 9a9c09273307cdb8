package io.pmsocks.benchmarks.apps;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;

/**
 * The echo server of the connect-rate benchmark: one thread, one selector, no output per
 * connection. The test kit's echo server starts a thread and prints a line for every
 * connection, which at thousands of connects a second would make the server the bottleneck and
 * hide the client's cost. Prints {@code ready ADDRESS:PORT} once listening.
 *
 * <pre>LeanEchoServer ADDRESS PORT</pre>
 */
public final class LeanEchoServer {

    private static final int BACKLOG = 1024;

    private LeanEchoServer() {
    }

    public static void main(String[] args) throws IOException {
        InetSocketAddress address = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(address, BACKLOG);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        InetSocketAddress bound = (InetSocketAddress) server.getLocalAddress();
        System.out.println("ready " + bound.getAddress().getHostAddress() + ":" + bound.getPort());
        System.out.flush();
        while (true) {
            selector.select();
            Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
            while (ready.hasNext()) {
                SelectionKey key = ready.next();
                ready.remove();
                try {
                    if (key.isAcceptable()) {
                        accept(server, selector);
                    } else {
                        echo(key);
                    }
                } catch (IOException e) {
                    // a client that reset its connection: its business, not the server's
                    key.channel().close();
                }
            }
        }
    }

    private static void accept(ServerSocketChannel server, Selector selector) throws IOException {
        SocketChannel connection;
        while ((connection = server.accept()) != null) {
            connection.configureBlocking(false);
            connection.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connection.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(4096));
        }
    }

    /** Reads what there is and writes it back; waits for OP_WRITE only when the peer is slow to read. */
    private static void echo(SelectionKey key) throws IOException {
        SocketChannel connection = (SocketChannel) key.channel();
        ByteBuffer buffer = (ByteBuffer) key.attachment();
        if (key.isReadable()) {
            buffer.clear();
            if (connection.read(buffer) < 0) {
                connection.close();
                return;
            }
            buffer.flip();
        }
        connection.write(buffer);
        key.interestOps(buffer.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }
}
