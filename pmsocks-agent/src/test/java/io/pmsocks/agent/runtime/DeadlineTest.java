package io.pmsocks.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.config.Destination;
import io.pmsocks.config.SocksServer;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    private static final SocksServer FW = new SocksServer("fw", 1080);

    private static Destination destination() throws Exception {
        return Destination.of(InetAddress.getByName("10.2.0.7"), 44321);
    }

    /** A stage that counts how often its words were built. */
    private static final class CountingStage implements Deadline.Stage {
        final AtomicInteger described = new AtomicInteger();

        @Override
        public String describe(Destination destination) {
            described.incrementAndGet();
            return "waiting for " + destination.display();
        }
    }

    @Test
    void noDeadlineMeansNoSocketTimeout() throws Exception {
        assertFalse(Deadline.afterMillis(0).isSet());
        assertEquals(0, Deadline.NONE.remainingMillis(ConnectStage.SERVER_CONNECT, FW,
                destination()));
    }

    @Test
    void remainingTimeNeverExceedsTheTotalAndIsPositive() throws Exception {
        int left = Deadline.afterMillis(5000).remainingMillis(ConnectStage.SERVER_CONNECT, FW,
                destination());
        assertTrue(left > 0 && left <= 5000, "left " + left);
    }

    @Test
    void stageIsPutIntoWordsOnlyWhenTheTimeIsUp() throws Exception {
        CountingStage stage = new CountingStage();
        Deadline plenty = Deadline.afterMillis(60_000);
        Deadline over = new Deadline(System.nanoTime() - 1, 1500, null);

        for (int i = 0; i < 1000; i++) {
            plenty.remainingMillis(stage, FW, destination());
            Deadline.NONE.remainingMillis(stage, FW, destination());
        }
        assertEquals(0, stage.described.get(), "no text while time is left");
        assertThrows(SocketTimeoutException.class,
                () -> over.remainingMillis(stage, FW, destination()));
        assertEquals(1, stage.described.get());
    }

    @Test
    void expiredDeadlineNamesTheServerTheStageAndTheTimeout() throws Exception {
        Deadline deadline = new Deadline(System.nanoTime() - 1, 1500, null);

        SocketTimeoutException connecting = assertThrows(SocketTimeoutException.class,
                () -> deadline.remainingMillis(ConnectStage.SERVER_CONNECT, FW, destination()));
        SocketTimeoutException reply = deadline.expired(ConnectStage.SOCKS4_REPLY, FW,
                destination());

        assertEquals("sockd fw:1080: connecting to the server: timed out after 1500 ms",
                connecting.getMessage());
        assertEquals("sockd fw:1080: waiting for the SOCKS4 reply for 10.2.0.7:44321: timed out"
                + " after 1500 ms", reply.getMessage());
    }

    @Test
    void boundTheApplicationDidNotGiveSaysWhereItComesFrom() throws Exception {
        Deadline deadline = new Deadline(System.nanoTime() - 1, 60_000, "the default bound");

        assertEquals("sockd fw:1080: connecting to the server: timed out after 60 s (the default"
                + " bound)", deadline.expired(ConnectStage.SERVER_CONNECT, FW, destination())
                .getMessage());
    }

    @Test
    void wholeSecondsAreShownInSeconds() {
        assertEquals("5 s", Deadline.afterMillis(5000).describe());
    }
}
