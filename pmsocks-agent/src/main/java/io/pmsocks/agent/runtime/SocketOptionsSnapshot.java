package io.pmsocks.agent.runtime;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.io.IOException;

/**
 * The options an application may set on a socket before connecting, kept so that they survive
 * the socket being revived for the next sockd of an {@code @=} list. Buffer sizes are left out
 * on purpose: copying the kernel's defaults explicitly would turn off its buffer autotuning.
 */
record SocketOptionsSnapshot(
        int soTimeout,
        boolean tcpNoDelay,
        boolean keepAlive,
        int soLinger,
        int trafficClass,
        boolean oobInline,
        boolean reuseAddress,
        InetSocketAddress boundTo) {

    static SocketOptionsSnapshot of(Socket socket) throws SocketException {
        InetSocketAddress bound = socket.isBound()
                ? (InetSocketAddress) socket.getLocalSocketAddress() : null;
        return new SocketOptionsSnapshot(socket.getSoTimeout(), socket.getTcpNoDelay(),
                socket.getKeepAlive(), socket.getSoLinger(), socket.getTrafficClass(),
                socket.getOOBInline(), socket.getReuseAddress(), bound);
    }

    void applyTo(Socket socket) throws IOException {
        socket.setSoTimeout(soTimeout);
        socket.setTcpNoDelay(tcpNoDelay);
        socket.setKeepAlive(keepAlive);
        socket.setSoLinger(soLinger >= 0, Math.max(soLinger, 0));
        socket.setTrafficClass(trafficClass);
        socket.setOOBInline(oobInline);
        socket.setReuseAddress(reuseAddress);
        if (boundTo != null) {
            socket.bind(boundTo);
        }
    }
}
