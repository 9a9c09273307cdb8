package io.pmsocks.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The JDK internals the handshake on the application's selector relies on (named in
 * {@link ChannelInternals}) exist on the JDK running the build and behave as the route
 * assumes. Run on each supported JDK (17 by default, 25 with JAVA_HOME): a JDK that renamed or
 * changed one fails here, loudly, before any application meets it.
 */
class ChannelInternalsTest {

    private final ChannelInternals internals;

    ChannelInternalsTest() throws ReflectiveOperationException {
        internals = ChannelInternals.lookUp();
    }

    @Test
    void pollConstantsAreDistinctBits() {
        assertNotEquals(0, internals.pollIn);
        assertNotEquals(0, internals.pollOut);
        assertEquals(0, internals.pollIn & internals.pollOut);
        assertEquals(0, (internals.pollIn | internals.pollOut) & internals.pollErrOrHup);
    }

    @Test
    void ioOnTheDescriptorWorksBeforeTheJdkCountsTheChannelConnected() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel channel = SocketChannel.open()) {
            channel.configureBlocking(false);
            channel.connect(server.getLocalAddress());
            try (SocketChannel accepted = server.accept()) {
                while (!internals.pollConnectNow(channel)) {
                    internals.poll(channel, internals.pollOut, 1000);
                }
                assertFalse(channel.isConnected(), "the JDK still counts it as connecting");
                assertEquals(0, internals.read(channel, ByteBuffer.allocate(8)),
                        "nothing there yet reads as 0");
                assertEquals(4, internals.write(channel, ByteBuffer.wrap(
                        "ping".getBytes(StandardCharsets.US_ASCII))));
                ByteBuffer got = ByteBuffer.allocate(4);
                accepted.read(got);
                assertEquals("ping", new String(got.array(), StandardCharsets.US_ASCII));
                accepted.write(ByteBuffer.wrap("pong".getBytes(StandardCharsets.US_ASCII)));
                accepted.shutdownOutput();
                internals.poll(channel, internals.pollIn, 1000);
                ByteBuffer reply = ByteBuffer.allocate(8);
                assertEquals(4, internals.read(channel, reply));
                assertEquals(-1, internals.read(channel, reply), "end of stream");
                assertTrue(channel.finishConnect());
                internals.reportPeer(channel, new InetSocketAddress("192.0.2.7", 9));
                assertEquals(new InetSocketAddress("192.0.2.7", 9), channel.getRemoteAddress());
            }
        }
    }

    @Test
    void keysOfEverySelectorAreReachedAndTheirReadySetsWritable() throws Exception {
        try (Selector first = Selector.open(); Selector second = Selector.open();
                SocketChannel channel = SocketChannel.open()) {
            channel.configureBlocking(false);
            SelectionKey one = channel.register(first, SelectionKey.OP_CONNECT);
            channel.register(second, 0);
            internals.refreshRegistrations(channel);
            assertEquals(SelectionKey.OP_CONNECT, internals.interestOps(one));
            internals.setReadyOps(one, SelectionKey.OP_CONNECT);
            assertEquals(SelectionKey.OP_CONNECT, internals.readyOps(one));
            assertEquals(SelectionKey.OP_CONNECT, one.readyOps());
        }
    }

    @Test
    void aFailedConnectsDescriptorConnectsAgainToAnotherAddress() throws Exception {
        int closedPort;
        try (ServerSocketChannel probe = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closedPort = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel channel = SocketChannel.open()) {
            channel.configureBlocking(false);
            boolean failed = false;
            try {
                channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort));
                for (int i = 0; i < 100 && !internals.pollConnectNow(channel); i++) {
                    internals.poll(channel, internals.pollOut, 100);
                }
            } catch (java.net.ConnectException refused) {
                failed = true;
            }
            assertTrue(failed, "the closed port refused");
            assertTrue(channel.isOpen(), "a failure seen by pollConnectNow leaves the channel open");
            internals.reconnect(channel, (InetSocketAddress) server.getLocalAddress());
            try (SocketChannel accepted = server.accept()) {
                while (!internals.pollConnectNow(channel)) {
                    internals.poll(channel, internals.pollOut, 1000);
                }
                assertTrue(accepted.isConnected());
            }
        }
    }
}
