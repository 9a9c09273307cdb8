package io.pmsocks.agent.it;

import static io.pmsocks.testkit.Topology.FIREWALL_INSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.pmsocks.testkit.CommandResult;
import io.pmsocks.testkit.FirewallFixture;
import io.pmsocks.testkit.FakeSocksBehaviour;
import io.pmsocks.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routed {@code SocketChannel} connects in the cases a channel cannot recover from the way a
 * Socket can (a server that connected and then answered badly), connects the JDK itself
 * refuses, and connects without a timeout; the packaged agent in a child JVM inside a
 * namespace firewall with a real Dante.
 */
class ChannelHardeningIT {

    private static final String DANTE = FirewallFixture.SOCKD;

    @RegisterExtension
    static final FirewallFixture firewall = FirewallFixture.standard();

    private static TestServer echo;

    @TempDir
    Path directory;

    @BeforeAll
    static void useFirewall() {
        echo = firewall.echo();
    }

    @Test
    void serverThatConnectsThenAnswersBadlyEndsAChannelsConnectNamingEveryServer()
            throws Exception {
        Map<FakeSocksBehaviour, String> faults = Map.of(
                FakeSocksBehaviour.garbage(), "sent a malformed SOCKS4 reply (version 72,"
                        + " expected 0): is it a SOCKS4 server?",
                FakeSocksBehaviour.shortReply(3), "closed the connection after 3 of 8 bytes of"
                        + " its SOCKS4 reply");
        for (Map.Entry<FakeSocksBehaviour, String> fault : faults.entrySet()) {
            TestServer fake = fake(fault.getKey());
            Path config = firewall.config("sockd @=10.231.1.1:" + fake.port() + "," + DANTE
                    + " ALL");

            for (String mode : List.of("channel-blocking", "channel-selector")) {
                CommandResult result = probe(config, Map.of(), mode, OUTSIDE_ADDRESS,
                        AgentRuns.port(echo));

                assertEquals(List.of("channel java.net.ConnectException: no sockd could be"
                        + " used for " + OUTSIDE_ADDRESS + ":" + echo.port() + ": sockd"
                        + " 10.231.1.1:" + fake.port() + " " + fault.getValue() + "; sockd "
                        + DANTE + " not tried: the channel was connected to sockd 10.231.1.1:"
                        + fake.port() + ", and a channel connects only once"),
                        result.stdoutLines(), result.describe(mode + " after " + fault.getKey()));
            }
        }
    }

    @Test
    void resetByTheServerEndsAChannelsConnectNamingEveryServer() throws Exception {
        TestServer reset = fake(FakeSocksBehaviour.reset());

        CommandResult result = probe(firewall.config("sockd @=10.231.1.1:" + reset.port() + ","
                + DANTE + " ALL"), Map.of(), "channel-blocking", OUTSIDE_ADDRESS, AgentRuns.port(echo));

        List<String> lines = result.stdoutLines();
        assertEquals(1, lines.size(), result.describe("reset"));
        String expectedStart = "channel java.net.ConnectException: no sockd could be used for "
                + OUTSIDE_ADDRESS + ":" + echo.port() + ": sockd 10.231.1.1:" + reset.port()
                + " ";
        String expectedEnd = "; sockd " + DANTE + " not tried: the channel was connected to sockd"
                + " 10.231.1.1:" + reset.port() + ", and a channel connects only once";
        assertEquals(List.of(true, true), List.of(lines.get(0).startsWith(expectedStart),
                lines.get(0).endsWith(expectedEnd)), lines.get(0));
    }

    @Test
    void connectOnAConnectedOrClosedChannelIsLeftToTheJdkAndTheConnectionLives()
            throws Exception {
        JdkOwnBehaviour.assertLeftToTheJdk(firewall, directory.resolve("shell-ran"),
                "reconnect-channel");
    }

    @Test
    void connectWhileAnotherIsPendingIsLeftToTheJdk() throws Exception {
        Path touched = directory.resolve("shell-ran");
        // the firewall does not forward: a direct SYN to the outside is never answered
        Path config = firewall.config("deny " + OUTSIDE_ADDRESS + " 255.255.255.255 eq 9 : touch "
                + touched, "direct ALL");

        CommandResult result = probe(config, Map.of(), "pending", OUTSIDE_ADDRESS,
                AgentRuns.port(echo), OUTSIDE_ADDRESS, "9");

        assertEquals(List.of("first false",
                "pending-again java.nio.channels.ConnectionPendingException: null",
                "still pending true"), result.stdoutLines(), result.describe("pending"));
        assertFalse(Files.exists(touched),
                "no shell command may run for a connect the JDK refuses");
    }

    @Test
    void blockingChannelAndAdaptorWithoutTimeoutEndAtTheDefaultBound() throws Exception {
        TestServer stalled = TestServer.stalled(firewall.firewall(),
                FIREWALL_INSIDE_ADDRESS, 0);
        Path config = firewall.config("sockd @=10.231.1.1:" + stalled.port() + " ALL");
        String timedOut = "java.net.SocketTimeoutException: sockd 10.231.1.1:" + stalled.port()
                + ": waiting for the SOCKS4 reply for " + OUTSIDE_ADDRESS + ":" + echo.port()
                + ": timed out after 1500 ms (the bound of a connect without a timeout,"
                + " PMSOCKS_CONNECT_TIMEOUT)";
        Map<String, String> bound = Map.of("PMSOCKS_CONNECT_TIMEOUT", "1.5");

        CommandResult blocking = probe(config, bound, "channel-blocking",
                OUTSIDE_ADDRESS, AgentRuns.port(echo));
        CommandResult adaptor = probe(config, bound, "adaptor", OUTSIDE_ADDRESS,
                AgentRuns.port(echo));

        assertEquals(List.of("channel " + timedOut), blocking.stdoutLines(),
                blocking.describe("blocking channel"));
        assertEquals(List.of("adaptor " + timedOut), adaptor.stdoutLines(),
                adaptor.describe("socket adaptor"));
    }

    @Test
    void blockingChannelWaitsForSockdWithoutASelectorAndAnInterruptEndsIt() throws Exception {
        TestServer stalled = TestServer.stalled(firewall.firewall(), FIREWALL_INSIDE_ADDRESS, 0);

        CommandResult result = probe(firewall.config("sockd @=10.231.1.1:" + stalled.port()
                + " ALL"), Map.of(), "blocking-interrupted", OUTSIDE_ADDRESS,
                AgentRuns.port(echo));

        assertEquals(List.of("selectors opened 0",
                "connect java.nio.channels.ClosedByInterruptException: null", "open false"),
                result.stdoutLines(), result.describe("blocking channel, interrupted"));
    }

    // ---------------------------------------------------------------------------------------

    private static CommandResult probe(Path config, Map<String, String> environment,
            String... arguments) {
        return AgentRuns.runInside(firewall, HardeningProbe.class, config, environment, arguments);
    }

    private static TestServer fake(FakeSocksBehaviour behaviour) {
        return AgentRuns.fakeSocks(firewall, behaviour);
    }
}
