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
 * <p>It closes each connection itself once it has echoed {@code CLOSE_AFTER} bytes. The side
 * that closes first keeps the connection in TIME_WAIT for a minute; were that the client, its
 * thousands of connects a second to one address would use up its local ports, and the kernel's
 * search for a free one would be measured as the client's cost.
 *
 * <pre>LeanEchoServer ADDRESS PORT CLOSE_AFTER</pre>
 */
public final class LeanEchoServer {

    private static final int BACKLOG = 1024;

    /** What the server keeps per connection. */
    private static final class Connection {
        final ByteBuffer buffer = ByteBuffer.allocate(4096);
        long echoed;
    }

    private LeanEchoServer() {
    }

    public static void main(String[] args) throws IOException {
        InetSocketAddress address = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        long closeAfter = Long.parseLong(args[2]);
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
                        echo(key, closeAfter);
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
            connection.register(selector, SelectionKey.OP_READ, new Connection());
        }
    }

    /** Reads what there is and writes it back; waits for OP_WRITE only when the peer is slow to read. */
    private static void echo(SelectionKey key, long closeAfter) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        Connection connection = (Connection) key.attachment();
        ByteBuffer buffer = connection.buffer;
        if (key.isReadable()) {
            buffer.clear();
            if (channel.read(buffer) < 0) {
                channel.close();
                return;
            }
            buffer.flip();
        }
        connection.echoed += channel.write(buffer);
        if (buffer.hasRemaining()) {
            key.interestOps(SelectionKey.OP_WRITE);
        } else if (connection.echoed >= closeAfter) {
            channel.close();
        } else {
            key.interestOps(SelectionKey.OP_READ);
        }
    }
}
