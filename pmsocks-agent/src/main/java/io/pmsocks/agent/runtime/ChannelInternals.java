package io.pmsocks.agent.runtime;

import java.lang.invoke.MethodHandles;
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

    private ChannelInternals() throws ReflectiveOperationException {
        implementation = Class.forName("sun.nio.ch.SocketChannelImpl", false, null);
        remoteAddress = MethodHandles.privateLookupIn(implementation, MethodHandles.lookup())
                .findVarHandle(implementation, "remoteAddress", SocketAddress.class);
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
