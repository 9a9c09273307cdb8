package io.pmsocks.agent.install;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import net.bytebuddy.asm.Advice;

/**
 * Woven into {@code sun.nio.ch.SocketChannelImpl.connect(SocketAddress)}, blocking and
 * non-blocking. A blocking channel connected through sockd is connected when {@code connect}
 * returns; a non-blocking one has started its TCP connect to the proxy and returns
 * {@code false}, its handshake driven by the application's selector (the other channel
 * advice).
 */
final class ChannelConnectAdvice {

    private ChannelConnectAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static boolean enter(@Advice.This SocketChannel channel,
            @Advice.Argument(0) SocketAddress remote) throws IOException {
        return BridgeCalls.connectChannel(channel, remote);
    }

    /**
     * A routed channel is connected when the route returns (blocking), or still handshaking
     * on the application's selector (non-blocking: {@code false}, as a pending connect).
     */
    @Advice.OnMethodExit
    static void exit(@Advice.Enter boolean routed, @Advice.This SocketChannel channel,
            @Advice.Return(readOnly = false) boolean connected) {
        if (routed) {
            connected = channel.isConnected() && !BridgeCalls.isConnecting(channel);
        }
    }
}
