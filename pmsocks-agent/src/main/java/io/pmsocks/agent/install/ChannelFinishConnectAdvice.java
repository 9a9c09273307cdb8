package io.pmsocks.agent.install;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import net.bytebuddy.asm.Advice;

/**
 * Woven into {@code sun.nio.ch.SocketChannelImpl.finishConnect()}: while a connect through a
 * proxy is being handshaken it returns {@code false} (after driving the handshake, for an
 * application that polls without a selector); a failed handshake is thrown from here with the
 * channel closed; after a grant the JDK's own body completes the connect.
 */
final class ChannelFinishConnectAdvice {

    private ChannelFinishConnectAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static int enter(@Advice.This SocketChannel channel) throws IOException {
        return BridgeCalls.finishConnect(channel);
    }

    @Advice.OnMethodExit
    static void exit(@Advice.Enter int handled,
            @Advice.Return(readOnly = false) boolean connected) {
        if (handled != 0) {
            connected = false;
        }
    }
}
