package io.pmsocks.agent.install;

import java.nio.channels.SocketChannel;
import net.bytebuddy.asm.Advice;

/**
 * Woven into {@code sun.nio.ch.SocketChannelImpl.implCloseSelectableChannel()}: a channel
 * closed while its connect through a proxy is being handshaken (by the application's own
 * connect timeout, say) leaves no state behind.
 */
final class ChannelCloseAdvice {

    private ChannelCloseAdvice() {
    }

    @Advice.OnMethodEnter
    static void enter(@Advice.This SocketChannel channel) {
        BridgeCalls.closing(channel);
    }
}
