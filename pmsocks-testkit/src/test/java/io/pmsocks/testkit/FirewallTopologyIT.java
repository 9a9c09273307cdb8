package io.pmsocks.testkit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.pmsocks.testkit.Topology.FIREWALL_INSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.FIREWALL_OUTSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.INSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit's promise, shown against the real thing: the firewall stops direct connects, Dante carries SOCKS4
 * connects across it and logs them, a {@code socks block} rule answers 91, and the fake server relays SOCKS4a.
 */
class FirewallTopologyIT {

    private static final int ECHO_PORT = 7000;
    private static final String USER = "pmsocks-it";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration LOG_TIMEOUT = Duration.ofSeconds(5);

    private static Topology topology;
    private static TestServer echo;

    @BeforeAll
    static void buildTopology() {
        Requirements.assumeDante();
        topology = Topology.create();
        echo = TestServer.echoWithGreeting(topology.outside(), OUTSIDE_ADDRESS, ECHO_PORT);
    }

    @AfterAll
    static void closeTopology() {
        if (topology != null) {
            topology.close();
        }
    }

    @Test
    void directConnectFromInsideIsDroppedByTheFirewallUntilItForwards() {
        assertFalse(topology.isForwarding(), "a new firewall must not forward");
        int acceptedBefore = echo.acceptedPeers().size();

        List<String> dropped = probe("direct", OUTSIDE_ADDRESS, port(ECHO_PORT), "1000", "nothing");
        assertEquals(1, dropped.size(), dropped::toString);
        assertTrue(dropped.get(0).startsWith("failed java.net.SocketTimeoutException"), dropped::toString);
        assertEquals(acceptedBefore, echo.acceptedPeers().size(), "nothing may reach the outside host");

        // the control: with forwarding on the same connect gets through, seen from the client's own address
        topology.setForwarding(true);
        try {
            List<String> forwarded = probe("direct", OUTSIDE_ADDRESS, port(ECHO_PORT), "5000", "hi");
            assertEquals(2, forwarded.size(), forwarded::toString);
            assertTrue(forwarded.get(0).startsWith("greeting peer " + INSIDE_ADDRESS + ":"), forwarded::toString);
            assertEquals("echo hi", forwarded.get(1));
        } finally {
            topology.setForwarding(false);
        }
        assertFalse(topology.isForwarding());
    }

    @Test
    void socks4ConnectThroughDanteReachesTheOutsideFromTheFirewallAndIsLogged() {
        try (Dante dante = Dante.start(topology.firewall(), DanteConfig.firewall(1080).withSocks4UserIdsLogged())) {
            List<String> lines = probe("socks4", FIREWALL_INSIDE_ADDRESS, port(1080), OUTSIDE_ADDRESS,
                    port(ECHO_PORT), USER, "5000", "through-sockd");

            assertEquals(3, lines.size(), lines::toString);
            assertEquals("reply 0 90", lines.get(0));
            String greetingPrefix = "greeting peer " + FIREWALL_OUTSIDE_ADDRESS + ":";
            assertTrue(lines.get(1).startsWith(greetingPrefix), lines::toString);
            assertEquals("echo through-sockd", lines.get(2));

            List<DanteLog.Event> connects = dante.awaitConnectsLoggedTo(OUTSIDE_ADDRESS, ECHO_PORT, 1, LOG_TIMEOUT);
            assertEquals(1, connects.size(), connects::toString);
            DanteLog.Event connect = connects.get(0);
            assertEquals(INSIDE_ADDRESS, connect.client().orElseThrow().address());
            assertEquals(FIREWALL_OUTSIDE_ADDRESS, connect.externalSource().orElseThrow().address());
            // the peer the echo server saw is the very socket Dante logged
            int peerPort = Integer.parseInt(lines.get(1).substring(greetingPrefix.length()));
            assertEquals(peerPort, connect.externalSource().orElseThrow().port());
            assertEquals(List.of(USER), dante.log().socks4UserIds());
        }
    }

    @Test
    void socksBlockRuleAnswersReply91AndNothingReachesTheDestination() {
        DanteConfig blocking = DanteConfig.firewall(1081).blocking(OUTSIDE_ADDRESS);
        try (Dante dante = Dante.start(topology.firewall(), blocking)) {
            int acceptedBefore = echo.acceptedPeers().size();

            List<String> lines = probe("socks4", FIREWALL_INSIDE_ADDRESS, port(1081), OUTSIDE_ADDRESS,
                    port(ECHO_PORT), USER, "5000", "never-sent");

            assertEquals(List.of("reply 0 91"), lines);
            List<DanteLog.Event> blocks = dante.awaitBlocksLoggedTo(OUTSIDE_ADDRESS, ECHO_PORT, 1, LOG_TIMEOUT);
            assertEquals(1, blocks.get(0).rule(), "the block rule is socks rule #1");
            assertEquals("", blocks.get(0).detail(), "a rule's block carries no error");
            assertEquals(List.of(), dante.connectsLoggedTo(OUTSIDE_ADDRESS, ECHO_PORT));
            assertEquals(acceptedBefore, echo.acceptedPeers().size());
        }
    }

    @Test
    void fakeServerRelaysSocks4aNamesThatDanteCannotResolve() {
        String name = "pmcd.outside.test";
        try (TestServer relay = TestServer.fakeSocks(topology.firewall(), FIREWALL_INSIDE_ADDRESS, 1090,
                FakeSocksBehaviour.relay(Map.of(name, OUTSIDE_ADDRESS)))) {
            List<String> lines = probe("socks4a", FIREWALL_INSIDE_ADDRESS, port(1090), name, port(ECHO_PORT),
                    USER, "5000", "by-name");

            assertEquals(3, lines.size(), lines::toString);
            assertEquals("reply 0 90", lines.get(0));
            assertTrue(lines.get(1).startsWith("greeting peer " + FIREWALL_OUTSIDE_ADDRESS + ":"), lines::toString);
            assertEquals("echo by-name", lines.get(2));
            Socks4Request request = relay.socksRequests().get(0);
            assertEquals(new Socks4Request(4, 1, ECHO_PORT, "0.0.0.1", USER, Optional.of(name)), request);
        }
    }

    @Test
    void stalledServerAcceptsButNeverAnswers() {
        try (TestServer stalled = TestServer.stalled(topology.firewall(), FIREWALL_INSIDE_ADDRESS, 1091)) {
            List<String> lines = probe("socks4", FIREWALL_INSIDE_ADDRESS, port(1091), OUTSIDE_ADDRESS,
                    port(ECHO_PORT), USER, "700", "unused");

            assertEquals(1, lines.size(), lines::toString);
            assertTrue(lines.get(0).startsWith("failed java.net.SocketTimeoutException: Read timed out"),
                    lines::toString);
            List<String> peers = stalled.awaitAcceptedPeers(1, LOG_TIMEOUT);
            assertTrue(peers.get(0).startsWith(INSIDE_ADDRESS + ":"), peers::toString);
        }
    }

    /** Runs {@link Socks4Probe} in the inside namespace and returns what it printed. */
    private static List<String> probe(String... arguments) {
        CommandResult result = ChildJvm.forMainClass(Socks4Probe.class)
                .withJvmOptions(ChildJvm.QUICK_START_OPTIONS.toArray(String[]::new))
                .withArguments(arguments)
                .runIn(topology.inside(), PROBE_TIMEOUT)
                .requireSuccess();
        return new ArrayList<>(result.stdoutLines());
    }

    private static String port(int port) {
        return Integer.toString(port);
    }
}
