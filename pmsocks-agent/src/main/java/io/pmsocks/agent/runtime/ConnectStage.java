package io.pmsocks.agent.runtime;

import io.pmsocks.config.Destination;

/** The stages of a routed connect that the SOCKS4 exchange goes through. */
enum ConnectStage implements Deadline.Stage {
    SERVER_CONNECT {
        @Override
        public String describe(Destination destination) {
            return "connecting to the server";
        }
    },
    SOCKS4_REPLY {
        @Override
        public String describe(Destination destination) {
            return "waiting for the SOCKS4 reply for " + destination.display();
        }
    }
}
