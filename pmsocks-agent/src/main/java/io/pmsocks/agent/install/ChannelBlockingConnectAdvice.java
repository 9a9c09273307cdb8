package io.pmsocks.agent.install;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import net.bytebuddy.asm.Advice;

/**
 * Woven into {@code sun.nio.ch.SocketChannelImpl.blockingConnect(SocketAddress, long)}: the
 * path of {@code channel.socket().connect(address, timeout)}, which does not pass through
 * {@code connect(SocketAddress)}.
 */
final class ChannelBlockingConnectAdvice {

    private ChannelBlockingConnectAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static boolean enter(@Advice.This SocketChannel channel,
            @Advice.Argument(0) SocketAddress remote, @Advice.Argument(1) long nanos)
            throws IOException {
        return BridgeCalls.blockingConnectChannel(channel, remote, nanos);
    }
}
