package io.pmsocks.agent.install;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;
import net.bytebuddy.asm.Advice;

/**
 * Woven into {@code java.net.Socket.connect(SocketAddress, int)}, through which every Socket
 * constructor and {@code connect} overload passes (SSL sockets included). Not suppressing:
 * the routing decision's exceptions are the connect's own.
 */
final class SocketConnectAdvice {

    private SocketConnectAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static boolean enter(@Advice.This Socket socket, @Advice.Argument(0) SocketAddress endpoint,
            @Advice.Argument(1) int timeout) throws IOException {
        return BridgeCalls.connectSocket(socket, endpoint, timeout);
    }
}
