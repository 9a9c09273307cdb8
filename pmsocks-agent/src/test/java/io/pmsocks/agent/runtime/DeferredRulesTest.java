package io.pmsocks.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pmsocks.config.Destination;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeferredRulesTest {

    private final ByteArrayOutputStream debug = new ByteArrayOutputStream();
    private final DeferredRules rules = new DeferredRules("test.conf",
            "direct localhost 255.255.255.255\ndeny ALL\n", null, DebugLog.to(debug));

    private List<String> debugLines() {
        return debug.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void loopbackIsDecidedWithoutResolvingTheRules() throws Exception {
        String decision = rules.decide(Destination.of(InetAddress.getByName("127.0.0.1"), 44321),
                "tester").explain();

        assertEquals("direct (loopback)", decision);
        assertEquals(List.of(), debugLines(), "no host name may be resolved for loopback");
    }

    @Test
    void hostNamesAreResolvedOnceAtTheFirstDecisionOfTheRules() throws Exception {
        Destination outside = Destination.of(InetAddress.getByName("192.0.2.1"), 44321);

        assertEquals("deny (line 2)", rules.decide(outside, "tester").explain());
        assertEquals("deny (line 2)", rules.decide(outside, "tester").explain());

        assertEquals(List.of("[pmsocks] host names of test.conf resolved"), debugLines());
    }
}
