package io.pmsocks.agent.runtime;

import io.pmsocks.agent.protocol.ProxyHandshake;
import java.net.SocketTimeoutException;

/**
 * The time left for one whole routed connect: server connect plus handshake (SPEC §3).
 * {@link #NONE} waits as long as the operating system does.
 *
 * <p>Nothing here builds text while time is left: a routed connect asks for the time left at
 * every stage, and the stage's words are only needed in the exception when it runs out.
 *
 * @param atNanos when the time is up, on the {@link System#nanoTime()} clock
 * @param totalMillis the whole time given, as the message reports it; 0 for none
 * @param origin where the bound comes from when the application gave none, named in the
 *     message (the default bound); {@code null} for the application's own timeout and
 *     PMCD_CONNECT_TIMEOUT
 */
record Deadline(long atNanos, long totalMillis, String origin) {

    static final Deadline NONE = new Deadline(0, 0, null);

    /** One step of a routed connect, named in the exception when the time runs out there. */
    interface Stage {
        /**
         * What was being waited for, with the server's label, such as {@code sockd fw:1080:
         * waiting for the SOCKS4 reply for 10.2.0.7:44321}.
         */
        String describe(ProxyHandshake exchange);
    }

    static Deadline afterMillis(long millis) {
        return afterMillis(millis, null);
    }

    static Deadline afterMillis(long millis, String origin) {
        return millis <= 0 ? NONE
                : new Deadline(System.nanoTime() + millis * 1_000_000L, millis, origin);
    }

    boolean isSet() {
        return totalMillis > 0;
    }

    /**
     * Milliseconds left, at least 1, as a socket timeout; 0 when there is no deadline.
     *
     * @throws SocketTimeoutException naming the server and the stage, when no time is left
     */
    int remainingMillis(Stage stage, ProxyHandshake exchange) throws SocketTimeoutException {
        if (!isSet()) {
            return 0;
        }
        long left = atNanos - System.nanoTime();
        if (left <= 0) {
            throw expired(stage, exchange);
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (left + 999_999) / 1_000_000));
    }

    SocketTimeoutException expired(Stage stage, ProxyHandshake exchange) {
        return expired(stage.describe(exchange));
    }

    /** For a step outside an exchange (a rule's shell command), named by the caller. */
    SocketTimeoutException expired(String stage) {
        return new SocketTimeoutException(stage + ": timed out after " + describe()
                + (origin == null ? "" : " (" + origin + ")"));
    }

    /** The time left in nanoseconds, as a channel's connect takes it; {@code Long.MAX_VALUE}: none. */
    long remainingNanos(Stage stage, ProxyHandshake exchange) throws SocketTimeoutException {
        if (!isSet()) {
            return Long.MAX_VALUE;
        }
        long left = atNanos - System.nanoTime();
        if (left <= 0) {
            throw expired(stage, exchange);
        }
        return left;
    }

    String describe() {
        return totalMillis % 1000 == 0 ? totalMillis / 1000 + " s" : totalMillis + " ms";
    }
}
