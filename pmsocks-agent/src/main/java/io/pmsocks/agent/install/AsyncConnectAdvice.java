package io.pmsocks.agent.install;

import java.net.SocketAddress;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import net.bytebuddy.asm.Advice;

/**
 * Woven into {@code sun.nio.ch.AsynchronousSocketChannelImpl.connect(SocketAddress, Object,
 * CompletionHandler)}. A routed connect completes or fails through the application's handler,
 * later, on the channel group's threads; the original body is then skipped.
 */
final class AsyncConnectAdvice {

    private AsyncConnectAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static boolean enter(@Advice.This AsynchronousSocketChannel channel,
            @Advice.Argument(0) SocketAddress remote, @Advice.Argument(1) Object attachment,
            @Advice.Argument(2) CompletionHandler<Void, Object> handler) {
        // a null handler is the JDK's NullPointerException to throw
        return handler != null
                && BridgeCalls.connectAsync(channel, remote, attachment, handler) != null;
    }
}
