package io.pmsocks.agent.install;

import java.nio.channels.SocketChannel;
import net.bytebuddy.asm.Advice;

/**
 * Woven into {@code sun.nio.ch.SocketChannelImpl.translateInterestOps(int)}, which a selector
 * calls to learn the poll events to register: while a connect through a proxy is being
 * handshaken, those are what the handshake waits for (writable while connecting or sending,
 * readable while a reply is due), whatever the application's interest set says.
 */
final class ChannelInterestOpsAdvice {

    private ChannelInterestOpsAdvice() {
    }

    @Advice.OnMethodExit
    static void exit(@Advice.This SocketChannel channel, @Advice.Argument(0) int ops,
            @Advice.Return(readOnly = false) int events) {
        events = BridgeCalls.interestOps(channel, ops, events);
    }
}
