package io.pmsocks.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JDK internals that AsynchronousSocketChannel routing touches are still there on the JDK this runs on (the
 * build runs it on 17 and 25): a JDK that changes them fails here, by name, instead of leaving connects unrouted.
 */
class AsyncChannelInternalsTest {

    @Test
    void everyChannelOfTheDefaultProviderIsTheImplementationWhoseConnectsAreWoven() throws Exception {
        Class<?> implementation = Class.forName(AsyncChannelInternals.IMPLEMENTATION, false, null);

        try (AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
            assertInstanceOf(implementation, channel);
        }
        Method future = implementation.getDeclaredMethod("connect", SocketAddress.class);
        Method handler = implementation.getDeclaredMethod("connect", SocketAddress.class, Object.class,
                CompletionHandler.class);
        for (Method connect : new Method[] {future, handler}) {
            assertTrue(Modifier.isPublic(connect.getModifiers()) && Modifier.isFinal(connect.getModifiers()),
                    connect + ": the two public connects, which no subclass can bypass");
        }
        assertEquals(Future.class, future.getReturnType());
        assertEquals(void.class, handler.getReturnType());
    }

    @Test
    void theReportedPeerIsTheFieldGetRemoteAddressReads() throws Exception {
        AsyncChannelInternals internals = AsyncChannelInternals.lookUp();
        InetSocketAddress destination = new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 4321);

        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
            channel.connect(server.getLocalSocketAddress()).get(10, TimeUnit.SECONDS);
            assertEquals(server.getLocalSocketAddress(), channel.getRemoteAddress());

            internals.reportPeer(channel, destination);

            assertEquals(destination, channel.getRemoteAddress());
        }
    }
}
