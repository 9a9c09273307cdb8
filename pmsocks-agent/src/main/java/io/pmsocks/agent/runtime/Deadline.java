package io.pmsocks.agent.runtime;

import io.pmsocks.config.Destination;
import io.pmsocks.config.SocksServer;
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
        /** What was being waited for, such as {@code waiting for the SOCKS4 reply for D}. */
        String describe(Destination destination);
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
    int remainingMillis(Stage stage, SocksServer server, Destination destination)
            throws SocketTimeoutException {
        if (!isSet()) {
            return 0;
        }
        long left = atNanos - System.nanoTime();
        if (left <= 0) {
            throw expired(stage, server, destination);
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (left + 999_999) / 1_000_000));
    }

    SocketTimeoutException expired(Stage stage, SocksServer server, Destination destination) {
        return expired("sockd " + server + ": " + stage.describe(destination));
    }

    /** For a step outside an exchange (a rule's shell command), named by the caller. */
    SocketTimeoutException expired(String stage) {
        return new SocketTimeoutException(stage + ": timed out after " + describe()
                + (origin == null ? "" : " (" + origin + ")"));
    }

    String describe() {
        return totalMillis % 1000 == 0 ? totalMillis / 1000 + " s" : totalMillis + " ms";
    }
}
