package io.pmsocks.testkit;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Waiting for a server's log to show something: servers write their log lines from another process or thread than
 * the one that answered the client, so a line may appear just after the client saw the answer.
 */
final class LogPolling {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(10);

    private LogPolling() {
    }

    /**
     * Polls {@code query} until it finds {@code count} entries and returns them; after {@code timeout}, fails with
     * {@code failure}'s message about what was found.
     */
    static <T> List<T> await(Supplier<List<T>> query, int count, Duration timeout,
                             Function<List<T>, String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<T> found = query.get();
            if (found.size() >= count) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure.apply(found));
            }
            ChildProcess.sleep(POLL_INTERVAL);
        }
    }
}
