package io.pmsocks.agent.transport;

import io.pmsocks.agent.protocol.ProxyHandshake;
import java.io.IOException;

/**
 * The route's say before each read of a blocking transport: set the read timeout to what is
 * left of the connect's deadline ({@code socket.setSoTimeout(remaining)}), or throw
 * {@link java.net.SocketTimeoutException} naming {@link ProxyHandshake#stage()} when nothing
 * is left. Transports know no deadlines of their own.
 */
public interface BeforeRead {

    /** Nothing to do: no deadline, or one enforced by other means. */
    BeforeRead NOTHING = new BeforeRead() {
        @Override
        public void beforeRead(ProxyHandshake exchange) {
            // no deadline to apply
        }
    };

    void beforeRead(ProxyHandshake exchange) throws IOException;
}
