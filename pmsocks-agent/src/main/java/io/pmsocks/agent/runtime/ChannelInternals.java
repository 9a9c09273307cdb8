package io.pmsocks.agent.runtime;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;

/**
 * The private field of the JDK's {@code SocketChannel} implementation that routing needs: the
 * peer it reports. The agent opens {@code sun.nio.ch} to itself before creating this.
 */
final class ChannelInternals {

    private final Class<?> implementation;
    private final VarHandle remoteAddress;
    private final MethodHandle blockingConnect;

    private ChannelInternals() throws ReflectiveOperationException {
        implementation = Class.forName("sun.nio.ch.SocketChannelImpl", false, null);
        MethodHandles.Lookup channel = MethodHandles.privateLookupIn(implementation,
                MethodHandles.lookup());
        remoteAddress = channel.findVarHandle(implementation, "remoteAddress",
                SocketAddress.class);
        blockingConnect = channel.findVirtual(implementation, "blockingConnect",
                MethodType.methodType(void.class, SocketAddress.class, long.class))
                .asType(MethodType.methodType(void.class, SocketChannel.class,
                        SocketAddress.class, long.class));
    }

    /**
     * The blocking connect with a timeout that the JDK's socket adaptor uses, called without
     * the adaptor, which would turn {@code ClosedByInterruptException} into a plain
     * {@code SocketException}: waits no longer than {@code nanos} ({@code Long.MAX_VALUE}:
     * as long as the system does), throws {@code SocketTimeoutException} when the time is up,
     * and closes the channel on any failure, as the JDK does.
     */
    void blockingConnect(SocketChannel channel, SocketAddress address, long nanos)
            throws IOException {
        try {
            blockingConnect.invokeExact(channel, address, nanos);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IOException(impossible);
        }
    }

    static ChannelInternals lookUp() throws ReflectiveOperationException {
        return new ChannelInternals();
    }

    /**
     * Makes a channel connected through sockd report the destination from
     * {@code getRemoteAddress()} (and its socket adaptor from {@code getInetAddress()}), as a
     * direct connection would. The field only serves reporting; I/O uses the descriptor.
     */
    void reportPeer(SocketChannel channel, InetSocketAddress destination) {
        if (implementation.isInstance(channel)) {
            remoteAddress.setVolatile(channel, destination);
        }
    }
}
