package io.pmsocks.agent.it;

import static io.pmsocks.testkit.Topology.FIREWALL_INSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.FIREWALL_OUTSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.testkit.ChildJvm;
import io.pmsocks.testkit.ChildProcess;
import io.pmsocks.testkit.CommandResult;
import io.pmsocks.testkit.Dante;
import io.pmsocks.testkit.FirewallFixture;
import io.pmsocks.testkit.TestServer;
import io.pmsocks.testkit.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged agent routes {@code SocketChannel} connects, blocking and not, as seen by real
 * NIO clients (a selector loop, the JDK HttpClient, Netty) through a real Dante; UDP and
 * Unix-domain channels are never touched.
 */
class ChannelRoutingIT {

    private static final Duration LOG_WAIT = FirewallFixture.LOG_WAIT;
    private static final String BLOCKED_ADDRESS = FirewallFixture.BLOCKED_ADDRESS;

    @RegisterExtension
    static final FirewallFixture firewall = FirewallFixture.builder().withWebServer().build();

    private static Topology topology;
    private static Dante dante;
    private static TestServer echo;
    private static int httpPort;
    private static ChildProcess udpEcho;
    private static int udpPort;

    @BeforeAll
    static void startFirewall() {
        topology = firewall.topology();
        dante = firewall.dante();
        echo = firewall.echo();
        httpPort = firewall.web().port();
        udpEcho = ChildJvm.forMainClass(UdpEchoMain.class)
                .withArguments(FIREWALL_INSIDE_ADDRESS, "0").startIn(topology.firewall());
        udpPort = readyPort(udpEcho);
    }

    @Test
    void blockingChannelGoesThroughDante() throws Exception {
        CommandResult result = probe(sockdEverywhere(), "blocking", OUTSIDE_ADDRESS, echo.port());

        assertReachedEchoThroughFirewall(result);
    }

    @Test
    void handWrittenSelectorLoopFinishesTheConnectOnOpConnect() throws Exception {
        CommandResult result = probe(sockdEverywhere(), "selector", OUTSIDE_ADDRESS, echo.port());

        assertEquals(0, result.exitCode(), result.describe("probe failed"));
        assertEquals("finishConnect returned true", result.stdoutLines().get(0));
        assertTrue(result.stdoutLines().contains("line peer " + FIREWALL_OUTSIDE_ADDRESS + ":"
                + externalPortOf(result)), result.stdout());
        assertTrue(result.stdoutLines().contains("line hello through pmsocks"), result.stdout());
    }

    @Test
    void socketAdaptorConnectGoesThroughDante() throws Exception {
        CommandResult result = probe(sockdEverywhere(), "adaptor", OUTSIDE_ADDRESS, echo.port());

        assertEquals(0, result.exitCode(), result.describe("probe failed"));
        assertEquals("connected peer=" + OUTSIDE_ADDRESS + ":" + echo.port() + " inet="
                + OUTSIDE_ADDRESS, result.stdoutLines().get(0));
        assertTrue(result.stdoutLines().get(1).startsWith("line peer " + FIREWALL_OUTSIDE_ADDRESS),
                result.stdout());
    }

    @Test
    void jdkHttpClientFetchesAPageThroughDante() throws Exception {
        int before = dante.connectsLoggedTo(OUTSIDE_ADDRESS, httpPort).size();

        CommandResult result = probe(sockdEverywhere(), "http", OUTSIDE_ADDRESS, httpPort);

        assertEquals(0, result.exitCode(), result.describe("probe failed"));
        assertEquals(List.of("status 200", "line hello from " + OUTSIDE_ADDRESS + ", peer "
                + FIREWALL_OUTSIDE_ADDRESS), result.stdoutLines());
        dante.awaitConnectsLoggedTo(OUTSIDE_ADDRESS, httpPort, before + 1, LOG_WAIT);
    }

    @Test
    void nettyClientGoesThroughDante() throws Exception {
        CommandResult result = probe(sockdEverywhere(), "netty", OUTSIDE_ADDRESS, echo.port());

        assertReachedEchoThroughFirewall(result);
    }

    @Test
    void denyOnANonBlockingChannelIsAConnectExceptionFromConnect() throws Exception {
        Path config = config("deny 10.231.2.2 255.255.255.255", "sockd @=10.231.1.1:1080 ALL");

        String message = "connect to 10.231.2.2:" + echo.port() + " denied by " + config + ":1";
        for (String mode : List.of("selector", "blocking")) {
            CommandResult result = probe(config, mode, OUTSIDE_ADDRESS, echo.port());

            assertEquals(List.of("exception java.net.ConnectException: " + message),
                    result.stdoutLines(), mode);
        }
        assertEquals(List.of(nettyConnectFailure(message, OUTSIDE_ADDRESS, echo.port())),
                probe(config, "netty", OUTSIDE_ADDRESS, echo.port()).stdoutLines());
    }

    /**
     * Netty reports every failed connect as its AnnotatedConnectException (a ConnectException)
     * carrying the cause's message and the address: the path it takes for refused connects.
     */
    private static String nettyConnectFailure(String message, String address, int port) {
        return "exception io.netty.channel.AbstractChannel$AnnotatedConnectException: " + message
                + ": /" + address + ":" + port;
    }

    @Test
    void sockdDownOnANonBlockingChannelFailsPromptly() throws Exception {
        CommandResult result = probe(config("sockd @=10.231.1.1:1090 ALL"), "selector",
                OUTSIDE_ADDRESS, echo.port());

        assertEquals(List.of("exception java.net.ConnectException: sockd 10.231.1.1:1090 refused"
                + " the connection"), result.stdoutLines());
    }

    @Test
    void sockdRejectingOnANonBlockingChannelGivesItsReplyCode() throws Exception {
        String message = "sockd 10.231.1.1:1080 could not connect to 10.231.2.3:7000 (SOCKS4"
                + " reply 91: request rejected or failed)";

        assertEquals(List.of("exception java.net.ConnectException: " + message),
                probe(sockdEverywhere(), "selector", BLOCKED_ADDRESS, 7000).stdoutLines());
        assertEquals(List.of(nettyConnectFailure(message, BLOCKED_ADDRESS, 7000)),
                probe(sockdEverywhere(), "netty", BLOCKED_ADDRESS, 7000).stdoutLines());
    }

    @Test
    /**
     * pmsocks adds no deadline of its own to a non-blocking channel, not even on a pmcd port
     * (PMCD_CONNECT_TIMEOUT bounds blocking connects): the application's timer applies, here
     * the probe's own 20 s, and the connect stays pending until then.
     */
    void stalledSockdOnANonBlockingChannelLeavesTheTimeoutToTheApplication() throws Exception {
        try (TestServer stalled = TestServer.stalled(topology.firewall(), FIREWALL_INSIDE_ADDRESS, 0)) {
            CommandResult result = probe(config("sockd @=10.231.1.1:" + stalled.port() + " ALL"),
                    Map.of("PMCD_CONNECT_TIMEOUT", "1"), "selector", OUTSIDE_ADDRESS, 44321);

            assertEquals(List.of("timed out"), result.stdoutLines());
        }
    }

    @Test
    void failsOverToTheNextServerForAChannel() throws Exception {
        CommandResult result = probe(config("sockd @=10.231.1.1:1090,10.231.1.1:1080 ALL"),
                "blocking", OUTSIDE_ADDRESS, echo.port());

        assertReachedEchoThroughFirewall(result);
    }

    @Test
    void udpAndUnixDomainChannelsAreNeverTouched() throws Exception {
        Path denyAll = config("deny ALL");

        CommandResult udp = probe(denyAll, "udp", FIREWALL_INSIDE_ADDRESS, udpPort);
        CommandResult unix = probe(denyAll, "unix");
        CommandResult tcp = probe(denyAll, "blocking", FIREWALL_INSIDE_ADDRESS, udpPort);

        assertEquals(List.of("connected peer=" + FIREWALL_INSIDE_ADDRESS + ":" + udpPort,
                "line hello through pmsocks"), udp.stdoutLines(), udp.describe("udp"));
        assertEquals(0, unix.exitCode(), unix.describe("unix"));
        assertEquals("line hello through pmsocks", unix.stdoutLines().get(1));
        assertEquals(List.of("exception java.net.ConnectException: connect to 10.231.1.1:"
                + udpPort + " denied by " + denyAll + ":1"), tcp.stdoutLines(),
                "the same rule does deny a TCP channel");
    }

    // ---------------------------------------------------------------------------------------

    private static void assertReachedEchoThroughFirewall(CommandResult result) {
        assertEquals(0, result.exitCode(), result.describe("probe failed"));
        List<String> lines = result.stdoutLines();
        assertEquals("connected peer=" + OUTSIDE_ADDRESS + ":" + echo.port(), lines.get(0));
        assertTrue(lines.get(1).startsWith("line peer " + FIREWALL_OUTSIDE_ADDRESS + ":"), result.stdout());
        assertEquals("line hello through pmsocks", lines.get(2));
    }

    private static String externalPortOf(CommandResult result) {
        for (String line : result.stdoutLines()) {
            if (line.startsWith("line peer ")) {
                return line.substring(line.lastIndexOf(':') + 1);
            }
        }
        return "none";
    }

    private Path sockdEverywhere() {
        return config("direct 10.231.1.0 255.255.255.0", "sockd @=10.231.1.1:1080 ALL");
    }

    private CommandResult probe(Path config, String mode, String host, int port) {
        return probe(config, Map.of(), mode, host, port);
    }

    private CommandResult probe(Path config, String mode) {
        return run(jvm(config, Map.of()).withArguments(mode));
    }

    private CommandResult probe(Path config, Map<String, String> environment, String mode,
            String host, int port) {
        return run(jvm(config, environment).withArguments(mode, host, Integer.toString(port)));
    }

    private static ChildJvm jvm(Path config, Map<String, String> environment) {
        return AgentRuns.channelProbe(firewall, config, environment);
    }

    private static CommandResult run(ChildJvm jvm) {
        return firewall.runInside(jvm);
    }

    private Path config(String... lines) {
        return firewall.config(lines);
    }

    private static int readyPort(ChildProcess server) {
        String ready = server.awaitStdoutLine(line -> line.startsWith("ready "), Duration.ofSeconds(30));
        return Integer.parseInt(ready.substring(ready.lastIndexOf(':') + 1));
    }

}
