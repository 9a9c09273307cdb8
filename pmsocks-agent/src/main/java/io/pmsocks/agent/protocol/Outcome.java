package io.pmsocks.agent.protocol;

import java.net.ConnectException;
import java.util.Objects;

/**
 * How a proxy exchange ended.
 *
 * @param kind granted, refused (final), or a failure of this server (try the next)
 * @param message for the application: names the proxy, the destination and what was wrong;
 *     never a password
 */
public record Outcome(Kind kind, String message) {

    /** What the route does next. */
    public enum Kind {
        /** The proxy connected to the destination: the socket now carries the application's bytes. */
        GRANTED,
        /**
         * A final answer: the proxy refused (a reply code of its protocol, rejected credentials,
         * an authentication pmsocks does not speak), or the request cannot be written for any
         * proxy (a host name that cannot be encoded). The next server of a list would not do
         * better.
         */
        REFUSED,
        /**
         * This server could not be used (not its protocol, malformed or short reply, the
         * connection broken off, a destination this scheme cannot carry): the next server of
         * an {@code @=} list may do better.
         */
        SERVER_FAILURE
    }

    static final Outcome GRANTED = new Outcome(Kind.GRANTED, "granted");

    public Outcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    static Outcome refused(String message) {
        return new Outcome(Kind.REFUSED, message);
    }

    static Outcome serverFailure(String message) {
        return new Outcome(Kind.SERVER_FAILURE, message);
    }

    public boolean granted() {
        return kind == Kind.GRANTED;
    }

    /** Granted or refused: an answer that ends the attempt, as opposed to a server failure. */
    public boolean isFinal() {
        return kind != Kind.SERVER_FAILURE;
    }

    /**
     * The exception the application sees for a refusal or a server failure (routes wrap a
     * server failure in their own type when they try the next server).
     *
     * @throws IllegalStateException for a grant
     */
    public ConnectException toException() {
        if (granted()) {
            throw new IllegalStateException("a grant is not a failure");
        }
        return new ConnectException(message);
    }
}
