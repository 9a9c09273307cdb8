package io.pmsocks.agent.runtime;

import io.pmsocks.config.Destination;
import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import java.util.Locale;

/**
 * One sockd could not be used (unreachable, name not resolvable, exchange broken off or not
 * understood: a protocol core's server failure); the next of an {@code @=} list may be. A
 * refusal of the protocol (SOCKS4 reply 91) is an answer, not a server failure.
 */
final class ServerFailure extends ConnectException {

    private static final long serialVersionUID = 1L;

    ServerFailure(String message) {
        super(message);
    }

    /**
     * The TCP connect to the server failed: refused (server down) or unreachable.
     *
     * @param label the server as messages name it, {@code sockd fw:1080}
     */
    static ServerFailure connecting(String label, IOException cause) {
        String reason = String.valueOf(cause.getMessage());
        return new ServerFailure(reason.toLowerCase(Locale.ROOT).contains("refused")
                ? label + " refused the connection"
                : label + " could not be reached (" + reason + ")");
    }

    /** What the application sees when no server of the list could be used. */
    static ConnectException noneUsable(Destination destination, List<String> failures) {
        if (failures.size() == 1) {
            return new ConnectException(failures.get(0));
        }
        return new ConnectException("no sockd could be used for " + destination.display() + ": "
                + String.join("; ", failures));
    }

    /** A sockd rule with no server at all: a connect-time error naming the rule (SPEC §2). */
    static ConnectException noServer(Destination destination, io.pmsocks.config.Rule rule) {
        return new ConnectException("no sockd for " + destination.display() + ": line "
                + rule.line() + " of " + rule.source()
                + " names no server (@=) and SOCKS_SERVER is not set");
    }
}
