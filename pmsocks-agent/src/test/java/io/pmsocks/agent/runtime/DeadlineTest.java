package io.pmsocks.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.agent.protocol.ProxyHandshake;
import io.pmsocks.agent.protocol.Socks4Handshake;
import io.pmsocks.agent.protocol.Target;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    private static ProxyHandshake exchange() throws Exception {
        return Socks4Handshake.start("sockd fw:1080",
                new Target(null, InetAddress.getByName("10.2.0.7"), 44321), "u");
    }

    /** A stage that counts how often its words were built. */
    private static final class CountingStage implements Deadline.Stage {
        final AtomicInteger described = new AtomicInteger();

        @Override
        public String describe(ProxyHandshake exchange) {
            described.incrementAndGet();
            return exchange.stage();
        }
    }

    @Test
    void noDeadlineMeansNoSocketTimeout() throws Exception {
        assertFalse(Deadline.afterMillis(0).isSet());
        assertEquals(0, Deadline.NONE.remainingMillis(ConnectStage.SERVER_CONNECT, exchange()));
        assertEquals(Long.MAX_VALUE,
                Deadline.NONE.remainingNanos(ConnectStage.SERVER_CONNECT, exchange()));
    }

    @Test
    void remainingTimeNeverExceedsTheTotalAndIsPositive() throws Exception {
        Deadline deadline = Deadline.afterMillis(5000);
        int left = deadline.remainingMillis(ConnectStage.SERVER_CONNECT, exchange());
        long nanos = deadline.remainingNanos(ConnectStage.SERVER_CONNECT, exchange());
        assertTrue(left > 0 && left <= 5000, "left " + left);
        assertTrue(nanos > 0 && nanos <= 5_000_000_000L, "nanos " + nanos);
    }

    @Test
    void stageIsPutIntoWordsOnlyWhenTheTimeIsUp() throws Exception {
        CountingStage stage = new CountingStage();
        ProxyHandshake exchange = exchange();
        Deadline plenty = Deadline.afterMillis(60_000);
        Deadline over = new Deadline(System.nanoTime() - 1, 1500, null);

        for (int i = 0; i < 1000; i++) {
            plenty.remainingMillis(stage, exchange);
            Deadline.NONE.remainingMillis(stage, exchange);
        }
        assertEquals(0, stage.described.get(), "no text while time is left");
        assertThrows(SocketTimeoutException.class,
                () -> over.remainingMillis(stage, exchange));
        assertEquals(1, stage.described.get());
    }

    @Test
    void expiredDeadlineNamesTheServerTheStageAndTheTimeout() throws Exception {
        Deadline deadline = new Deadline(System.nanoTime() - 1, 1500, null);

        SocketTimeoutException connecting = assertThrows(SocketTimeoutException.class,
                () -> deadline.remainingMillis(ConnectStage.SERVER_CONNECT, exchange()));
        SocketTimeoutException reply = deadline.expired(ConnectStage.HANDSHAKE, exchange());

        assertEquals("sockd fw:1080: connecting to the server: timed out after 1500 ms",
                connecting.getMessage());
        assertEquals("sockd fw:1080: waiting for the SOCKS4 reply for 10.2.0.7:44321: timed out"
                + " after 1500 ms", reply.getMessage());
    }

    @Test
    void boundTheApplicationDidNotGiveSaysWhereItComesFrom() throws Exception {
        Deadline deadline = new Deadline(System.nanoTime() - 1, 60_000, "the default bound");

        assertEquals("sockd fw:1080: connecting to the server: timed out after 60 s (the default"
                + " bound)", deadline.expired(ConnectStage.SERVER_CONNECT, exchange())
                .getMessage());
    }

    @Test
    void wholeSecondsAreShownInSeconds() {
        assertEquals("5 s", Deadline.afterMillis(5000).describe());
    }
}
