package io.pmsocks.agent.install;

import java.net.SocketAddress;
import java.nio.channels.AsynchronousSocketChannel;
import java.util.concurrent.Future;
import net.bytebuddy.asm.Advice;

/**
 * Woven into {@code sun.nio.ch.AsynchronousSocketChannelImpl.connect(SocketAddress)}, the
 * {@code Future} form. A routed connect skips the original body and returns the route's own
 * future, which completes or fails when the proxy has answered.
 */
final class AsyncConnectFutureAdvice {

    private AsyncConnectFutureAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static Future<Void> enter(@Advice.This AsynchronousSocketChannel channel,
            @Advice.Argument(0) SocketAddress remote) {
        return BridgeCalls.connectAsync(channel, remote, null, null);
    }

    @Advice.OnMethodExit
    static void exit(@Advice.Enter Future<Void> routed,
            @Advice.Return(readOnly = false) Future<Void> result) {
        if (routed != null) {
            result = routed;
        }
    }
}
