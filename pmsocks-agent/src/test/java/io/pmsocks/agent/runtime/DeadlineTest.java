package io.pmsocks.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    @Test
    void noDeadlineMeansNoSocketTimeout() throws Exception {
        assertFalse(Deadline.afterMillis(0).isSet());
        assertEquals(0, Deadline.NONE.remainingMillis("anything"));
    }

    @Test
    void remainingTimeNeverExceedsTheTotalAndIsPositive() throws Exception {
        int left = Deadline.afterMillis(5000).remainingMillis("connecting");
        assertTrue(left > 0 && left <= 5000, "left " + left);
    }

    @Test
    void expiredDeadlineNamesTheStageAndTheTimeout() {
        Deadline deadline = new Deadline(System.nanoTime() - 1, 1500);

        SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
                () -> deadline.remainingMillis("sockd fw:1080: connecting to the server"));

        assertEquals("sockd fw:1080: connecting to the server: timed out after 1500 ms",
                e.getMessage());
    }

    @Test
    void wholeSecondsAreShownInSeconds() {
        assertEquals("5 s", Deadline.afterMillis(5000).describe());
    }
}
