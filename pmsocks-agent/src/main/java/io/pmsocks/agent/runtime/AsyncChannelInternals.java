package io.pmsocks.agent.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousSocketChannel;

/**
 * The JDK internals of {@code AsynchronousSocketChannel} that routing touches, named here
 * and nowhere else (the two woven {@code connect} methods are named by the agent's weaving
 * targets): the implementation class that every JDK provider extends, and its
 * {@code protected volatile InetSocketAddress remoteAddress}, the peer that
 * {@code getRemoteAddress()} reports. Both identical on JDK 17 and 25. The agent opens
 * {@code sun.nio.ch} to itself before creating this.
 */
final class AsyncChannelInternals {

    static final String IMPLEMENTATION = "sun.nio.ch.AsynchronousSocketChannelImpl";
    static final String REMOTE_ADDRESS = "remoteAddress";

    private final Class<?> implementation;
    private final VarHandle remoteAddress;

    private AsyncChannelInternals() throws ReflectiveOperationException {
        implementation = Class.forName(IMPLEMENTATION, false, null);
        remoteAddress = MethodHandles.privateLookupIn(implementation, MethodHandles.lookup())
                .findVarHandle(implementation, REMOTE_ADDRESS, InetSocketAddress.class);
    }

    static AsyncChannelInternals lookUp() throws ReflectiveOperationException {
        return new AsyncChannelInternals();
    }

    /**
     * Makes a channel connected through a proxy report the destination from
     * {@code getRemoteAddress()}, as a direct connection would. The field only serves
     * reporting and the connected check; I/O uses the descriptor.
     */
    void reportPeer(AsynchronousSocketChannel channel, InetSocketAddress destination) {
        if (implementation.isInstance(channel)) {
            remoteAddress.setVolatile(channel, destination);
        }
    }
}
