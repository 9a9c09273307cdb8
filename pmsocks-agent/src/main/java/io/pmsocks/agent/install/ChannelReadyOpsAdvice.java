package io.pmsocks.agent.install;

import java.nio.channels.SocketChannel;
import net.bytebuddy.asm.Advice;

/**
 * Woven into {@code sun.nio.ch.SocketChannelImpl.translateReadyOps(int, int,
 * SelectionKeyImpl)}, which every JDK selector calls on its own thread for each readiness
 * event of the channel: while a connect through a proxy is being handshaken, the event drives
 * the handshake and the router sets the key's ready operations (OP_CONNECT hidden until the
 * grant) instead of the JDK's body.
 */
final class ChannelReadyOpsAdvice {

    private ChannelReadyOpsAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static int enter(@Advice.This SocketChannel channel, @Advice.Argument(0) int events,
            @Advice.Argument(1) int initialOps, @Advice.Argument(2) Object key) {
        return BridgeCalls.readyOps(channel, events, initialOps, key);
    }

    @Advice.OnMethodExit
    static void exit(@Advice.Enter int handled, @Advice.Return(readOnly = false) boolean changed) {
        if (handled != 0) {
            changed = handled == 2;
        }
    }
}
