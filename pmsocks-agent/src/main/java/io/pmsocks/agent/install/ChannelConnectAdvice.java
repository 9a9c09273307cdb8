package io.pmsocks.agent.install;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import net.bytebuddy.asm.Advice;

/**
 * Woven into {@code sun.nio.ch.SocketChannelImpl.connect(SocketAddress)}, blocking and
 * non-blocking. A channel connected through sockd is connected when {@code connect} returns, so
 * it returns {@code true}, which the {@code connect}/{@code finishConnect} contract allows in
 * either mode.
 */
final class ChannelConnectAdvice {

    private ChannelConnectAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static boolean enter(@Advice.This SocketChannel channel,
            @Advice.Argument(0) SocketAddress remote) throws IOException {
        return BridgeCalls.connectChannel(channel, remote);
    }

    @Advice.OnMethodExit
    static void exit(@Advice.Enter boolean routed,
            @Advice.Return(readOnly = false) boolean connected) {
        if (routed) {
            connected = true;
        }
    }
}
