package io.pmsocks.agent.runtime;

import io.pmsocks.agent.protocol.ProxyHandshake;

/** The two stages of a routed connect: the TCP connect to the server, then its exchange. */
enum ConnectStage implements Deadline.Stage {
    SERVER_CONNECT {
        @Override
        public String describe(ProxyHandshake exchange) {
            return exchange.label() + ": connecting to the server";
        }
    },
    /** The protocol core names what it waits for ({@code waiting for the SOCKS4 reply ...}). */
    HANDSHAKE {
        @Override
        public String describe(ProxyHandshake exchange) {
            return exchange.stage();
        }
    }
}
