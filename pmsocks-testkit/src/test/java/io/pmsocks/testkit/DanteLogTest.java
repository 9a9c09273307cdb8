package io.pmsocks.testkit;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lines as Dante 1.4.2 wrote them in the firewall topology (SOCKS4 CONNECT pass, block, refused, failed). */
class DanteLogTest {

    private static final List<String> LOG = List.of(
            "Nov 25 09:28:39 (1795598919.296867) danted[4845]: info: Dante/server[1/1] v1.4.2 running",
            "Nov 25 09:28:47 (1795598927.677130) danted[4848]: info: pass(1): tcp/accept [: 10.231.1.2.44052 10.231.1.1.1080",
            "Nov 25 09:28:47 (1795598927.692712) danted[4865]: info: pass(2): tcp/connect [: 10.231.1.2.44052 10.231.1.1.1080 -> 10.231.2.1.44052 10.231.2.2.7000",
            "Nov 25 09:28:47 (1795598927.693107) danted[4865]: info: pass(2): tcp/connect -: 10.231.2.2.7000 10.231.2.1.44052 -> 10.231.1.1.1080 10.231.1.2.44052 (22)",
            "Nov 25 09:28:47 (1795598927.696696) danted[4865]: info: pass(2): tcp/connect ]: 28 -> 10.231.1.2.44052 10.231.1.1.1080 -> 6, 6 -> 10.231.2.1.44052 10.231.2.2.7000 -> 28: local client closed.  Session duration: 0s",
            "Nov 25 09:28:47 (1795598927.696706) danted[4865]: info: pass(1): tcp/accept ]: 28 -> 10.231.1.2.44052 10.231.1.1.1080 -> 6: local client closed.  Session duration: 0s",
            "Nov 25 09:28:48 (1795598928.043127) danted[4849]: info: block(1): tcp/connect ]: 10.231.1.2.44068 10.231.1.1.1080 -> 0.0.0.0.0 10.231.2.3.7000",
            "Nov 25 09:28:48 (1795598928.043776) danted[4849]: info: block(1): tcp/accept ]: 10.231.1.2.44068 10.231.1.1.1080: blocked by higher-level socks-rule #1",
            "Nov 25 09:28:48 (1795598928.380932) danted[4865]: info: pass(2): tcp/connect ]: 0 -> 10.231.1.2.44070 10.231.1.1.1080 -> 0, 0 -> 10.231.2.1.44070 10.231.2.2.7001 -> 0: remote peer error (Connection refused).  Session duration: 0s",
            "Nov 25 09:29:13 (1795598953.850736) danted[4849]: info: block(2): tcp/connect ]: 10.231.1.2.44054 10.231.1.1.1080 -> 10.231.2.1.44054 0.0.0.1.7000: connect(2) to 0.0.0.1.7000 from 10.231.2.1.44054 failed: Network is unreachable",
            "Nov 25 09:29:36 (1795598976.494516) danted[6310]: debug: recv_username(): got socks v4 username: \"tester\"");

    private final DanteLog log = new DanteLog(LOG);

    @Test
    void passedConnectNamesClientExternalSourceAndDestination() {
        List<DanteLog.Event> connects = log.connectsPassedTo("10.231.2.2", 7000);
        assertEquals(1, connects.size());
        DanteLog.Event connect = connects.get(0);
        assertEquals(new DanteLog.Endpoint("10.231.1.2", 44052), connect.client().orElseThrow());
        assertEquals(new DanteLog.Endpoint("10.231.2.1", 44052), connect.externalSource().orElseThrow());
        assertEquals(new DanteLog.Endpoint("10.231.2.2", 7000), connect.destination().orElseThrow());
        assertEquals(2, connect.rule());
        assertEquals(4865, connect.pid());
        assertEquals(DanteLog.Phase.OPENED, connect.phase());
        assertEquals("", connect.detail());
    }

    @Test
    void dataLinesAndOtherPortsAreNotConnects() {
        assertEquals(List.of(), log.connectsPassedTo("10.231.2.2", 7001), "a refused connect never opened");
        assertEquals(List.of(), log.connectsPassedTo("10.231.1.2", 44052), "data lines name the client first");
        assertTrue(log.events().stream().anyMatch(e -> e.phase() == DanteLog.Phase.DATA));
    }

    @Test
    void ruleBlockHasNoDetailButAnImmediateFailureHasItsError() {
        List<DanteLog.Event> blocked = log.connectsBlockedTo("10.231.2.3", 7000);
        assertEquals(1, blocked.size());
        assertEquals(1, blocked.get(0).rule());
        assertEquals("", blocked.get(0).detail());
        assertFalse(blocked.get(0).passed());

        DanteLog.Event failed = log.connectsBlockedTo("0.0.0.1", 7000).get(0);
        assertEquals("connect(2) to 0.0.0.1.7000 from 10.231.2.1.44054 failed: Network is unreachable",
                failed.detail());
    }

    @Test
    void endedSessionsCarryTheReason() {
        List<DanteLog.Event> refused = log.connectsEndedTo("10.231.2.2", 7001);
        assertEquals(1, refused.size());
        assertTrue(refused.get(0).passed(), "Dante logs a destination's refusal under the passing rule");
        assertEquals("remote peer error (Connection refused).  Session duration: 0s", refused.get(0).detail());

        List<DanteLog.Event> closed = log.connectsEndedTo("10.231.2.2", 7000);
        assertEquals(1, closed.size());
        assertTrue(closed.get(0).detail().startsWith("local client closed."));
    }

    @Test
    void socks4UserIdsComeFromDebugLines() {
        assertEquals(List.of("tester"), log.socks4UserIds());
    }

    @Test
    void linesThatAreNotSessionLinesAreKeptButNotParsed() {
        assertEquals(LOG, log.lines());
        assertEquals(LOG.size() - 2, log.events().size());
    }
}
