package io.pmsocks.agent.it;

import static io.pmsocks.testkit.Topology.FIREWALL_INSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.FIREWALL_OUTSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.testkit.ChildProcess;
import io.pmsocks.testkit.CommandResult;
import io.pmsocks.testkit.FirewallFixture;
import io.pmsocks.testkit.TestServer;
import io.pmsocks.testkit.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged agent routes {@code AsynchronousSocketChannel} connects, both forms, through a real Dante without
 * blocking a thread of the channel group; deny rules hold for a server the client could reach directly; every
 * failure reaches the application through its future or handler.
 */
class AsyncChannelRoutingIT {

    @RegisterExtension
    static final FirewallFixture firewall = FirewallFixture.standard();

    @Test
    void futureConnectGoesThroughDante() {
        TestServer echo = firewall.echo();
        int before = firewall.dante().connectsLoggedTo(OUTSIDE_ADDRESS, echo.port()).size();

        CommandResult result = probe(sockdEverywhere(), "future", OUTSIDE_ADDRESS, echo.port());

        assertEchoedThroughFirewall(result, 0);
        firewall.dante().awaitConnectsLoggedTo(OUTSIDE_ADDRESS, echo.port(), before + 1, FirewallFixture.LOG_WAIT);
    }

    @Test
    void handlerConnectGoesThroughDanteAndCompletesOnTheGroupsThread() {
        CommandResult result = probe(sockdEverywhere(), "handler", OUTSIDE_ADDRESS, firewall.echo().port());

        assertEquals("handler thread=group-thread attachment", result.stdoutLines().get(0), result.describe("handler"));
        assertEchoedThroughFirewall(result, 1);
    }

    @Test
    void aStalledSockdBlocksNoThreadOfTheGroup() {
        try (TestServer stalled = TestServer.stalled(firewall.firewall(), FIREWALL_INSIDE_ADDRESS, 0)) {
            Path config = firewall.config("sockd @=" + FIREWALL_INSIDE_ADDRESS + ":" + stalled.port() + " "
                    + FirewallFixture.BLOCKED_ADDRESS + " 255.255.255.255", "sockd @=" + FirewallFixture.SOCKD + " ALL");

            CommandResult result = probe(config, "both", FirewallFixture.BLOCKED_ADDRESS, "7000", OUTSIDE_ADDRESS,
                    Integer.toString(firewall.echo().port()));

            assertEchoedThroughFirewall(result, 0);
            assertEquals("stalled connect still pending true", result.stdoutLines().get(3), result.describe("both"));
        }
    }

    @Test
    void denyForAServerOnTheClientsSideIsObeyedInBothForms() {
        TestServer inside = firewall.insideEcho();
        int seen = inside.acceptedPeers().size();
        Path config = firewall.config("deny " + FIREWALL_INSIDE_ADDRESS + " 255.255.255.255",
                "sockd @=" + FirewallFixture.SOCKD + " ALL");
        String refusal = "exception java.net.ConnectException: connect to " + FIREWALL_INSIDE_ADDRESS + ":"
                + inside.port() + " denied by " + config + ":1";

        CommandResult future = probe(config, "future", FIREWALL_INSIDE_ADDRESS, inside.port());
        CommandResult handler = probe(config, "handler", FIREWALL_INSIDE_ADDRESS, inside.port());

        assertEquals(List.of(refusal, "open false"), future.stdoutLines(), future.describe("future"));
        assertEquals(List.of("handler thread=group-thread attachment", refusal), handler.stdoutLines(),
                handler.describe("handler"));
        assertEquals(seen, inside.acceptedPeers().size(), "a denied connect reached the server");
    }

    @Test
    void directRuleLeavesTheConnectToTheJdk() {
        TestServer inside = firewall.insideEcho();
        Path config = firewall.config("direct " + FIREWALL_INSIDE_ADDRESS + " 255.255.255.255", "deny ALL");

        CommandResult result = probe(config, "future", FIREWALL_INSIDE_ADDRESS, inside.port());

        List<String> lines = result.stdoutLines();
        assertEquals("connected peer=" + FIREWALL_INSIDE_ADDRESS + ":" + inside.port(), lines.get(0),
                result.describe("direct"));
        assertTrue(lines.get(1).startsWith("line peer " + Topology.INSIDE_ADDRESS + ":"), result.describe("direct"));
    }

    @Test
    void sockdDownIsAConnectExceptionThroughTheFuture() {
        CommandResult result = probe(firewall.config("sockd @=" + FIREWALL_INSIDE_ADDRESS + ":"
                + FirewallFixture.CLOSED_PORT + " ALL"), "future", OUTSIDE_ADDRESS, firewall.echo().port());

        assertEquals(List.of("exception java.net.ConnectException: sockd " + FIREWALL_INSIDE_ADDRESS + ":"
                + FirewallFixture.CLOSED_PORT + " refused the connection", "open false"), result.stdoutLines(),
                result.describe("sockd down"));
    }

    @Test
    void sockdRejectingIsItsReplyThroughTheHandler() {
        CommandResult result = probe(sockdEverywhere(), "handler", FirewallFixture.BLOCKED_ADDRESS, 7000);

        assertEquals(List.of("handler thread=group-thread attachment", "exception java.net.ConnectException: sockd "
                + FirewallFixture.SOCKD + " could not connect to " + FirewallFixture.BLOCKED_ADDRESS + ":7000 (SOCKS4"
                + " reply 91: request rejected or failed)"), result.stdoutLines(), result.describe("reply 91"));
    }

    @Test
    void stalledSockdEndsByTheApplicationsOwnTimeout() {
        try (TestServer stalled = TestServer.stalled(firewall.firewall(), FIREWALL_INSIDE_ADDRESS, 0)) {
            CommandResult result = probe(firewall.config("sockd @=" + FIREWALL_INSIDE_ADDRESS + ":" + stalled.port()
                    + " ALL"), "timeout", OUTSIDE_ADDRESS, firewall.echo().port());

            assertEquals(List.of("timeout after 2 s; cancelled true", "open false"), result.stdoutLines(),
                    result.describe("stalled sockd"));
            assertEquals(1, stalled.awaitAcceptedPeers(1, FirewallFixture.LOG_WAIT).size(),
                    "the connect went to the stalled sockd");
        }
    }

    @Test
    void failsOverToTheNextServer() {
        CommandResult result = probe(firewall.config("sockd @=" + FIREWALL_INSIDE_ADDRESS + ":"
                + FirewallFixture.CLOSED_PORT + "," + FirewallFixture.SOCKD + " ALL"), "future", OUTSIDE_ADDRESS,
                firewall.echo().port());

        assertEchoedThroughFirewall(result, 0);
    }

    @Test
    void futureConnectGoesThroughDanteBySocks5() {
        TestServer echo = firewall.echo();
        int before = firewall.dante().connectsLoggedTo(OUTSIDE_ADDRESS, echo.port()).size();

        CommandResult result = probe(firewall.config("sockd @=socks5://" + FirewallFixture.SOCKD + " ALL"), "future",
                OUTSIDE_ADDRESS, echo.port());

        assertEchoedThroughFirewall(result, 0);
        firewall.dante().awaitConnectsLoggedTo(OUTSIDE_ADDRESS, echo.port(), before + 1, FirewallFixture.LOG_WAIT);
    }

    @Test
    void socks5RefusalIsItsReplyThroughTheHandler() {
        CommandResult result = probe(firewall.config("sockd @=socks5://" + FirewallFixture.SOCKD + " ALL"), "handler",
                FirewallFixture.BLOCKED_ADDRESS, "7000");

        List<String> lines = result.stdoutLines();
        assertEquals(2, lines.size(), result.describe("socks5 refusal"));
        assertEquals("handler thread=group-thread attachment", lines.get(0), result.describe("socks5 refusal"));
        assertTrue(lines.get(1).startsWith("exception java.net.ConnectException: sockd socks5://"
                + FirewallFixture.SOCKD + " could not connect to " + FirewallFixture.BLOCKED_ADDRESS + ":7000 (SOCKS5"
                + " reply "), result.describe("socks5 refusal"));
    }

    @Test
    void futureConnectGoesThroughTinyproxy() throws Exception {
        TestServer echo = firewall.echo();
        try (ChildProcess tinyproxy = startTinyproxy(echo.port())) {
            CommandResult result = probe(firewall.config("sockd @=http://" + FIREWALL_INSIDE_ADDRESS + ":"
                    + TINYPROXY_PORT + " ALL"), "future", OUTSIDE_ADDRESS, Integer.toString(echo.port()));

            assertEchoedThroughFirewall(result, 0);
        }
    }

    // ---------------------------------------------------------------------------------------

    private static final int TINYPROXY_PORT = 8888;

    /** Debian's tinyproxy on the firewall's inside address, allowed to CONNECT to {@code port} only. */
    private static ChildProcess startTinyproxy(int port) throws Exception {
        Path conf = firewall.topology().directory().resolve("tinyproxy-" + port + ".conf");
        Files.write(conf, List.of("Port " + TINYPROXY_PORT, "Listen " + FIREWALL_INSIDE_ADDRESS, "Timeout 600",
                "LogLevel Info", "DisableViaHeader Yes", "Allow 10.231.1.0/24", "ConnectPort " + port));
        ChildProcess tinyproxy = firewall.firewall().start(List.of("tinyproxy", "-d", "-c", conf.toString()),
                Map.of());
        ChildProcess wait = firewall.firewall().start(List.of("bash", "-c", "for i in $(seq 200); do"
                + " (exec 3<>/dev/tcp/" + FIREWALL_INSIDE_ADDRESS + "/" + TINYPROXY_PORT + ") 2>/dev/null && exit 0;"
                + " sleep 0.05; done; exit 1"), Map.of());
        assertEquals(0, wait.awaitExit(Duration.ofSeconds(20)), tinyproxy.describe("tinyproxy did not listen"));
        return tinyproxy;
    }

    private static void assertEchoedThroughFirewall(CommandResult result, int first) {
        List<String> lines = result.stdoutLines();
        assertTrue(lines.size() >= first + 3, result.describe("too few lines"));
        assertEquals("connected peer=" + OUTSIDE_ADDRESS + ":" + firewall.echo().port(), lines.get(first),
                result.describe("peer"));
        assertTrue(lines.get(first + 1).startsWith("line peer " + FIREWALL_OUTSIDE_ADDRESS + ":"),
                result.describe("greeting"));
        assertEquals("line hello through pmsocks", lines.get(first + 2), result.describe("echo"));
    }

    private static Path sockdEverywhere() {
        return firewall.config("sockd @=" + FirewallFixture.SOCKD + " ALL");
    }

    private static CommandResult probe(Path config, String mode, String host, int port) {
        return probe(config, mode, host, Integer.toString(port));
    }

    private static CommandResult probe(Path config, String... arguments) {
        return firewall.runInside(firewall.agentJvm(AsyncChannelProbe.class, config, Map.of()).withArguments(arguments));
    }
}
