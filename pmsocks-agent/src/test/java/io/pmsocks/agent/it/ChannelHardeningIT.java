package io.pmsocks.agent.it;

import static io.pmsocks.testkit.Topology.FIREWALL_INSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.testkit.ChildJvm;
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
            Path config = config("sockd @=10.231.1.1:" + fake.port() + "," + DANTE + " ALL");

            for (String mode : List.of("channel-blocking", "channel-selector")) {
                CommandResult result = hardeningProbe(config, Map.of(), mode, OUTSIDE_ADDRESS,
                        port(echo));

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

        CommandResult result = hardeningProbe(config("sockd @=10.231.1.1:" + reset.port() + ","
                + DANTE + " ALL"), Map.of(), "channel-blocking", OUTSIDE_ADDRESS, port(echo));

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
        Path touched = directory.resolve("shell-ran");
        Path config = config("deny " + OUTSIDE_ADDRESS + " 255.255.255.255 eq 9 : touch "
                + touched, "sockd @=" + DANTE + " ALL");

        CommandResult result = hardeningProbe(config, Map.of(), "reconnect-channel",
                OUTSIDE_ADDRESS, port(echo), OUTSIDE_ADDRESS, "9");
        CommandResult jdk = JdkOwnBehaviour.of("reconnect-channel");

        // the texts differ between JDKs ("already connected" on 17): the JDK's own, unchanged
        assertEquals(jdk.stdoutLines(), result.stdoutLines(), result.describe("reconnect")
                + "\nthe JDK's own answers, without the agent: " + jdk.describe("without agent"));
        assertTrue(result.stdoutLines().contains("echo still here"), "the connection lives");
        assertFalse(Files.exists(touched), "no shell command may run for a connect the JDK refuses");
    }

    @Test
    void connectWhileAnotherIsPendingIsLeftToTheJdk() throws Exception {
        Path touched = directory.resolve("shell-ran");
        // the firewall does not forward: a direct SYN to the outside is never answered
        Path config = config("deny " + OUTSIDE_ADDRESS + " 255.255.255.255 eq 9 : touch "
                + touched, "direct ALL");

        CommandResult result = hardeningProbe(config, Map.of(), "pending", OUTSIDE_ADDRESS,
                port(echo), OUTSIDE_ADDRESS, "9");

        assertEquals(List.of("first false",
                "pending-again java.nio.channels.ConnectionPendingException: null",
                "still pending true"), result.stdoutLines(), result.describe("pending"));
        assertFalse(Files.exists(touched), "no shell command may run for a connect the JDK refuses");
    }

    @Test
    void blockingChannelAndAdaptorWithoutTimeoutEndAtTheDefaultBound() throws Exception {
        TestServer stalled = TestServer.stalled(firewall.firewall(),
                FIREWALL_INSIDE_ADDRESS, 0);
        Path config = config("sockd @=10.231.1.1:" + stalled.port() + " ALL");
        String timedOut = "java.net.SocketTimeoutException: sockd 10.231.1.1:" + stalled.port()
                + ": waiting for the SOCKS4 reply for " + OUTSIDE_ADDRESS + ":" + echo.port()
                + ": timed out after 1500 ms (the bound of a connect without a timeout,"
                + " PMSOCKS_CONNECT_TIMEOUT)";
        Map<String, String> bound = Map.of("PMSOCKS_CONNECT_TIMEOUT", "1.5");

        CommandResult blocking = hardeningProbe(config, bound, "channel-blocking",
                OUTSIDE_ADDRESS, port(echo));
        CommandResult adaptor = hardeningProbe(config, bound, "adaptor", OUTSIDE_ADDRESS,
                port(echo));

        assertEquals(List.of("channel " + timedOut), blocking.stdoutLines(),
                blocking.describe("blocking channel"));
        assertEquals(List.of("adaptor " + timedOut), adaptor.stdoutLines(),
                adaptor.describe("socket adaptor"));
    }

    // ---------------------------------------------------------------------------------------

    private CommandResult hardeningProbe(Path config, Map<String, String> environment,
            String... arguments) {
        return run(AgentRuns.withAgent(ChildJvm.forMainClass(HardeningProbe.class), config,
                environment).withArguments(arguments));
    }

    private static CommandResult run(ChildJvm jvm) {
        return firewall.runInside(jvm);
    }

    private static Path config(String... lines) {
        return firewall.config(lines);
    }

    /** A fake server in the firewall namespace; the fixture ends it with the namespaces. */
    private static TestServer fake(FakeSocksBehaviour behaviour) {
        return TestServer.fakeSocks(firewall.firewall(), FIREWALL_INSIDE_ADDRESS, 0, behaviour);
    }

    private static String port(TestServer server) {
        return Integer.toString(server.port());
    }
}
