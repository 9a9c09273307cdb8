package io.pmsocks.testkit;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FakeSocksBehaviourTest {

    @Test
    void commandLineWordsRoundTrip() {
        for (FakeSocksBehaviour behaviour : List.of(FakeSocksBehaviour.grant(), FakeSocksBehaviour.reject(92),
                FakeSocksBehaviour.garbage(), FakeSocksBehaviour.wrongVersion(5), FakeSocksBehaviour.shortReply(3),
                FakeSocksBehaviour.partialReply(0), FakeSocksBehaviour.reset(), FakeSocksBehaviour.close(),
                FakeSocksBehaviour.stall(), FakeSocksBehaviour.relay(Map.of("pmcd.test", "10.231.2.2")))) {
            assertEquals(behaviour, FakeSocksBehaviour.parse(behaviour.arguments()), behaviour::toString);
        }
        assertEquals(List.of("wrong-version", "4"), FakeSocksBehaviour.wrongVersion(4).arguments());
    }

    @Test
    void badWordsAreRefusedWithTheKnownOnesListed() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> FakeSocksBehaviour.parse(List.of("grnat")));
        assertEquals("unknown behaviour 'grnat'; known: grant, relay, reject, garbage, wrong-version, short, "
                + "partial, reset, close, stall", unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FakeSocksBehaviour.parse(List.of("reject")));
        assertThrows(IllegalArgumentException.class, () -> FakeSocksBehaviour.shortReply(8));
        assertThrows(IllegalArgumentException.class, () -> FakeSocksBehaviour.parse(List.of("stall", "1")));
        assertThrows(IllegalArgumentException.class, () -> FakeSocksBehaviour.relay(Map.of("a", "example.com")));
    }
}
