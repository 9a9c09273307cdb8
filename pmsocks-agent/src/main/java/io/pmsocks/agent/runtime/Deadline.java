package io.pmsocks.agent.runtime;

import java.net.SocketTimeoutException;

/**
 * The time left for one whole routed connect: server connect plus handshake (SPEC §3).
 * {@link #NONE} waits as long as the operating system does.
 */
record Deadline(long atNanos, long totalMillis) {

    static final Deadline NONE = new Deadline(0, 0);

    static Deadline afterMillis(long millis) {
        return millis <= 0 ? NONE : new Deadline(System.nanoTime() + millis * 1_000_000L, millis);
    }

    boolean isSet() {
        return totalMillis > 0;
    }

    /**
     * Milliseconds left, at least 1, as a socket timeout; 0 when there is no deadline.
     *
     * @param stage what would be waited for, named in the exception
     * @throws SocketTimeoutException when no time is left
     */
    int remainingMillis(String stage) throws SocketTimeoutException {
        if (!isSet()) {
            return 0;
        }
        long left = atNanos - System.nanoTime();
        if (left <= 0) {
            throw expired(stage);
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (left + 999_999) / 1_000_000));
    }

    SocketTimeoutException expired(String stage) {
        return new SocketTimeoutException(stage + ": timed out after " + describe());
    }

    String describe() {
        return totalMillis % 1000 == 0 ? totalMillis / 1000 + " s" : totalMillis + " ms";
    }
}
