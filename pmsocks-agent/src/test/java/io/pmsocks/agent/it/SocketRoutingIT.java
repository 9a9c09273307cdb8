package io.pmsocks.agent.it;

import static io.pmsocks.testkit.Topology.FIREWALL_INSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.FIREWALL_OUTSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.INSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.testkit.ChildJvm;
import io.pmsocks.testkit.CommandResult;
import io.pmsocks.testkit.Dante;
import io.pmsocks.testkit.DanteConfig;
import io.pmsocks.testkit.FakeSocksBehaviour;
import io.pmsocks.testkit.FirewallFixture;
import io.pmsocks.testkit.NameServer;
import io.pmsocks.testkit.Requirements;
import io.pmsocks.testkit.TestServer;
import io.pmsocks.testkit.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent in a child JVM inside a namespace firewall: every Socket connect is made
 * direct, through a real Dante sockd, or refused, and the evidence is what Dante logged, what
 * the servers saw, and the exception the application got.
 */
class SocketRoutingIT {

    private static final Duration LOG_WAIT = FirewallFixture.LOG_WAIT;
    private static final String BLOCKED_ADDRESS = FirewallFixture.BLOCKED_ADDRESS;
    private static final int CLOSED_PORT = FirewallFixture.CLOSED_PORT;

    @RegisterExtension
    static final FirewallFixture firewall = FirewallFixture.builder()
            .dante(DanteConfig::withSocks4UserIdsLogged).build();

    private static Topology topology;
    private static Dante dante;
    private static TestServer echo;
    private static TestServer insideEcho;

    @TempDir
    Path directory;

    @BeforeAll
    static void nameTheFirewall() {
        topology = firewall.topology();
        dante = firewall.dante();
        echo = firewall.echo();
        insideEcho = firewall.insideEcho();
    }

    @Test
    void sockdRuleConnectsThroughDanteAndReportsTheRealPeer() throws Exception {
        CommandResult result = probe(config(
                "direct 10.231.1.0 255.255.255.0", "sockd @=10.231.1.1:1080 ALL"),
                Map.of(), "connect", OUTSIDE_ADDRESS, port(echo));

        assertEquals(0, result.exitCode(), result.describe("probe failed"));
        assertEquals(List.of("connected peer=" + OUTSIDE_ADDRESS + ":" + echo.port() + " port="
                + echo.port(),
                "line peer " + FIREWALL_OUTSIDE_ADDRESS,
                "line hello through pmsocks"), withoutPeerPort(result.stdoutLines()));
        dante.awaitConnectsLoggedTo(OUTSIDE_ADDRESS, echo.port(), 1, LOG_WAIT);
    }

    @Test
    void directRuleBypassesSockd() throws Exception {
        CommandResult result = probe(config(
                "direct 10.231.1.0 255.255.255.0", "sockd @=10.231.1.1:1080 ALL"),
                Map.of(), "connect", FIREWALL_INSIDE_ADDRESS, port(insideEcho));

        assertEquals(0, result.exitCode(), result.describe("probe failed"));
        assertEquals("line peer " + INSIDE_ADDRESS, withoutPeerPort(result.stdoutLines()).get(1),
                "the server must see the client itself, not sockd");
        assertTrue(dante.connectsLoggedTo(FIREWALL_INSIDE_ADDRESS, insideEcho.port()).isEmpty());
    }

    @Test
    void everyWayOfMakingASocketIsRouted() throws Exception {
        Path config = config("sockd @=10.231.1.1:1080 ALL");
        int before = dante.connectsLoggedTo(OUTSIDE_ADDRESS, echo.port()).size();
        for (String mode : List.of("constructor", "factory")) {
            CommandResult result = probe(config, Map.of(), mode, OUTSIDE_ADDRESS, port(echo));
            assertEquals(0, result.exitCode(), result.describe(mode + " failed"));
            assertEquals("line peer " + FIREWALL_OUTSIDE_ADDRESS,
                    withoutPeerPort(result.stdoutLines()).get(1), mode);
        }
        // The echo server speaks no TLS: the handshake fails, after a connect through sockd.
        CommandResult ssl = probe(config, Map.of(), "ssl", OUTSIDE_ADDRESS, port(echo));
        assertEquals("connected peer=" + OUTSIDE_ADDRESS + ":" + echo.port() + " port="
                + echo.port(), ssl.stdoutLines().get(0), ssl.describe("SSL socket not connected"));
        dante.awaitConnectsLoggedTo(OUTSIDE_ADDRESS, echo.port(), before + 3, LOG_WAIT);
    }

    @Test
    void denyRefusesWithoutTouchingTheNetwork() throws Exception {
        Path config = config("deny 10.231.2.2 255.255.255.255", "sockd @=10.231.1.1:1080 ALL");

        CommandResult result = probe(config, Map.of(), "connect", OUTSIDE_ADDRESS, "44321");

        assertEquals(List.of("exception java.net.ConnectException: connect to 10.231.2.2:44321"
                + " denied by " + config + ":1"), result.stdoutLines());
        assertTrue(dante.connectsLoggedTo(OUTSIDE_ADDRESS, 44321).isEmpty());
    }

    @Test
    void noMatchingRuleRefusesAndSaysSo() throws Exception {
        Path config = config("direct 10.231.1.0 255.255.255.0");

        CommandResult result = probe(config, Map.of(), "connect", OUTSIDE_ADDRESS, port(echo));

        assertEquals(List.of("exception java.net.ConnectException: no rule in " + config
                + " matches 10.231.2.2:" + echo.port()), result.stdoutLines());
    }

    @Test
    void sockdDownIsReportedAsTheServerRefusing() throws Exception {
        CommandResult result = probe(config("sockd @=10.231.1.1:" + CLOSED_PORT + " ALL"),
                Map.of(), "connect", OUTSIDE_ADDRESS, port(echo));

        assertEquals(List.of("exception java.net.ConnectException: sockd 10.231.1.1:" + CLOSED_PORT
                + " refused the connection"), result.stdoutLines());
    }

    @Test
    void sockdRejectingIsReportedWithItsReplyCode() throws Exception {
        CommandResult result = probe(config("sockd @=10.231.1.1:1080 ALL"), Map.of(),
                "connect", BLOCKED_ADDRESS, "7000");

        assertEquals(List.of("exception java.net.ConnectException: sockd 10.231.1.1:1080 could"
                + " not connect to 10.231.2.3:7000 (SOCKS4 reply 91: request rejected or failed)"),
                result.stdoutLines());
        dante.awaitBlocksLoggedTo(BLOCKED_ADDRESS, 7000, 1, LOG_WAIT);
    }

    @Test
    void failsOverToTheNextServerOfTheList() throws Exception {
        CommandResult result = probe(config(
                "sockd @=10.231.1.1:" + CLOSED_PORT + ",10.231.1.1:1080 ALL"),
                Map.of("SOCKS_DEBUG", "1"), "connect", OUTSIDE_ADDRESS, port(echo));

        assertEquals(0, result.exitCode(), result.describe("probe failed"));
        assertEquals("line peer " + FIREWALL_OUTSIDE_ADDRESS,
                withoutPeerPort(result.stdoutLines()).get(1));
        assertTrue(result.stderr().contains("[pmsocks] sockd 10.231.1.1:" + CLOSED_PORT
                + " refused the connection; trying the next sockd"), result.stderr());
    }

    @Test
    void allServersFailingNamesEveryOne() throws Exception {
        CommandResult result = probe(config(
                "sockd @=10.231.1.1:" + CLOSED_PORT + ",10.231.1.1:" + (CLOSED_PORT + 1) + " ALL"),
                Map.of(), "connect", OUTSIDE_ADDRESS, port(echo));

        assertEquals(List.of("exception java.net.ConnectException: no sockd could be used for"
                + " 10.231.2.2:" + echo.port() + ": sockd 10.231.1.1:" + CLOSED_PORT
                + " refused the connection; sockd 10.231.1.1:" + (CLOSED_PORT + 1)
                + " refused the connection"), result.stdoutLines());
    }

    @Test
    void stalledServerTimesOutWithinTheApplicationsTimeout() throws Exception {
        TestServer stalled = server(TestServer.stalled(topology.firewall(),
                FIREWALL_INSIDE_ADDRESS, 0));

        CommandResult result = probe(config("sockd @=10.231.1.1:" + stalled.port() + " ALL"),
                Map.of(), "connect", OUTSIDE_ADDRESS, port(echo), "1500");

        assertEquals(List.of("exception java.net.SocketTimeoutException: sockd 10.231.1.1:"
                + stalled.port() + ": waiting for the SOCKS4 reply for 10.231.2.2:" + echo.port()
                + ": timed out after 1500 ms"), result.stdoutLines());
    }

    @Test
    void pmcdPortWithoutATimeoutGetsPmcdConnectTimeout() throws Exception {
        TestServer stalled = server(TestServer.stalled(topology.firewall(),
                FIREWALL_INSIDE_ADDRESS, 0));

        CommandResult result = probe(config("sockd @=10.231.1.1:" + stalled.port() + " ALL"),
                Map.of("PMCD_CONNECT_TIMEOUT", "1.5"), "connect", OUTSIDE_ADDRESS, "44321");

        assertEquals(List.of("exception java.net.SocketTimeoutException: sockd 10.231.1.1:"
                + stalled.port() + ": waiting for the SOCKS4 reply for 10.231.2.2:44321:"
                + " timed out after 1500 ms"), result.stdoutLines());
    }

    @Test
    void unresolvableNameGoesToSockdBySocks4a() throws Exception {
        TestServer relay = server(TestServer.fakeSocks(topology.firewall(), FIREWALL_INSIDE_ADDRESS,
                0, FakeSocksBehaviour.relay(Map.of("echo.outside.test", OUTSIDE_ADDRESS))));

        CommandResult result = probe(config("sockd @=10.231.1.1:" + relay.port() + " ALL"),
                Map.of(), "unresolved", "echo.outside.test", port(echo));

        assertEquals(0, result.exitCode(), result.describe("probe failed"));
        assertEquals("line hello through pmsocks", result.stdoutLines().get(2));
        assertEquals(java.util.Optional.of("echo.outside.test"), relay.socksRequests().get(0).hostName());
    }

    @Test
    void userIdIsTheEffectiveUserName() throws Exception {
        CommandResult result = probe(config("sockd @=10.231.1.1:1080 ALL"), Map.of(),
                "connect", OUTSIDE_ADDRESS, port(echo));

        assertEquals(0, result.exitCode(), result.describe("probe failed"));
        assertTrue(dante.log().socks4UserIds().contains(System.getProperty("user.name")),
                () -> "user ids logged: " + dante.log().socks4UserIds());
    }

    @Test
    void faultySockdRepliesAreNamed() throws Exception {
        Map<FakeSocksBehaviour, String> expected = Map.of(
                FakeSocksBehaviour.garbage(), "sent a malformed SOCKS4 reply (version 72, expected 0): is it a SOCKS4 server?",
                FakeSocksBehaviour.wrongVersion(4), "sent a malformed SOCKS4 reply (version 4, expected 0): is it a SOCKS4 server?",
                FakeSocksBehaviour.shortReply(3), "closed the connection after 3 of 8 bytes of its SOCKS4 reply",
                FakeSocksBehaviour.reject(92), "could not connect to 10.231.2.2:7 (SOCKS4 reply 92: sockd cannot reach an identd on this host)");
        for (Map.Entry<FakeSocksBehaviour, String> fault : expected.entrySet()) {
            TestServer fake = server(TestServer.fakeSocks(topology.firewall(),
                    FIREWALL_INSIDE_ADDRESS, 0, fault.getKey()));

            CommandResult result = probe(config("sockd @=10.231.1.1:" + fake.port() + " ALL"),
                    Map.of(), "connect", OUTSIDE_ADDRESS, "7");

            assertEquals(List.of("exception java.net.ConnectException: sockd 10.231.1.1:"
                    + fake.port() + " " + fault.getValue()), result.stdoutLines(),
                    fault.getKey().toString());
        }
    }

    @Test
    void applicationsOwnProxyIsLeftAlone() throws Exception {
        Path denyAll = config("deny ALL");
        int before = dante.connectsLoggedTo(OUTSIDE_ADDRESS, echo.port()).size();

        CommandResult ownProxy = probe(denyAll, Map.of(), "proxy", OUTSIDE_ADDRESS, port(echo),
                "0", FIREWALL_INSIDE_ADDRESS + ":1080");
        CommandResult property = run(ChildJvm.forMainClass(ConnectProbe.class)
                .withAgent(FirewallFixture.agentJar(), "config=" + denyAll)
                .withJvmOptions("-DsocksProxyHost=" + FIREWALL_INSIDE_ADDRESS)
                .withArguments("connect", OUTSIDE_ADDRESS, port(echo)));

        for (CommandResult result : List.of(ownProxy, property)) {
            assertEquals(0, result.exitCode(), result.describe("probe failed"));
            assertEquals("line peer " + FIREWALL_OUTSIDE_ADDRESS,
                    withoutPeerPort(result.stdoutLines()).get(1));
        }
        dante.awaitConnectsLoggedTo(OUTSIDE_ADDRESS, echo.port(), before + 2, LOG_WAIT);
    }

    @Test
    void debugLinesShowTheDecisionAndTheHandshake() throws Exception {
        Path config = config("direct 10.231.1.0 255.255.255.0", "sockd @=10.231.1.1:1080 ALL");

        CommandResult result = probe(config, Map.of("SOCKS_DEBUG", "1", "SOCKS_BANNER", "1"),
                "connect", OUTSIDE_ADDRESS, port(echo));

        assertEquals(0, result.exitCode(), result.describe("probe failed"));
        List<String> debug = result.stderrLines();
        assertTrue(debug.contains("[pmsocks] connect 10.231.2.2:" + echo.port()
                + ": sockd 10.231.1.1:1080 (line 2)"), result.stderr());
        assertTrue(debug.contains("[pmsocks] sockd 10.231.1.1:1080: reply 90 (granted)"),
                result.stderr());
        assertTrue(debug.stream().allMatch(line -> line.startsWith("[pmsocks] ")), result.stderr());
        assertEquals(1, result.stdoutLines().stream()
                .filter(line -> line.startsWith("pmsocks ")).count(), result.stdout());
    }

    @Test
    void debugFileReceivesTheLinesInsteadOfStderr() throws Exception {
        Path log = directory.resolve("debug.log");

        CommandResult result = probe(config("sockd @=10.231.1.1:1080 ALL"),
                Map.of("SOCKS_DEBUG", log.toString()), "connect", OUTSIDE_ADDRESS, port(echo));

        assertEquals(0, result.exitCode(), result.describe("probe failed"));
        assertEquals("", result.stderr());
        assertTrue(Files.readAllLines(log).contains("[pmsocks] connect 10.231.2.2:" + echo.port()
                + ": sockd 10.231.1.1:1080 (line 1)"));
    }

    @Test
    void shellCommandRunsOnMatchWithSubstitutions() throws Exception {
        Path out = directory.resolve("shell.out");
        Path config = config("deny 10.231.2.2 255.255.255.255 eq 22 : echo %c %z %s %u >> " + out);

        CommandResult result = probe(config, Map.of(), "connect", OUTSIDE_ADDRESS, "22");

        assertEquals(3, result.exitCode());
        assertEquals(List.of("connect 10.231.2.2 22 " + System.getProperty("user.name")),
                Files.readAllLines(out));
    }

    @Test
    void invalidConfigurationEndsTheJvmWithStatus2BeforeTheApplication() throws Exception {
        Path config = config("direct 10.231.1.0 255.255.255.0 eqq 22", "sockd 1.2.3");

        CommandResult result = probe(config, Map.of(), "connect", OUTSIDE_ADDRESS, port(echo));

        assertEquals(2, result.exitCode());
        assertEquals("", result.stdout());
        assertEquals(List.of(
                config + ":1:33: error: unknown operator 'eqq'; expected eq, neq, lt, gt, le or ge",
                config + ":2:7: error: '1.2.3' is not an IPv4 address: write four numbers from 0"
                        + " to 255 separated by dots, such as 10.2.0.0"), result.stderrLines());
    }

    @Test
    void loadedTwiceActsOnce() throws Exception {
        Path config = config("sockd @=10.231.1.1:1080 ALL");

        CommandResult result = run(ChildJvm.forMainClass(ConnectProbe.class)
                .withJvmOptions("-javaagent:" + FirewallFixture.agentJar() + "=config=" + config + ",debug")
                .withAgent(FirewallFixture.agentJar(), "config=" + config + ",debug")
                .withArguments("connect", OUTSIDE_ADDRESS, port(echo)));

        assertEquals(0, result.exitCode(), result.describe("probe failed"));
        assertEquals(1, result.stderrLines().stream()
                .filter(line -> line.contains("connect 10.231.2.2:")).count(), result.stderr());
    }

    @Test
    void sockdRuleWithoutListUsesSocksServerAndSocksPort() throws Exception {
        Path config = config("sockd ALL");

        CommandResult result = probe(config, Map.of("SOCKS_SERVER", FIREWALL_INSIDE_ADDRESS,
                "SOCKS_PORT", "1080"), "connect", OUTSIDE_ADDRESS, port(echo));
        CommandResult unset = probe(config, Map.of(), "connect", OUTSIDE_ADDRESS, port(echo));

        assertEquals(0, result.exitCode(), result.describe("probe failed"));
        assertEquals("line peer " + FIREWALL_OUTSIDE_ADDRESS,
                withoutPeerPort(result.stdoutLines()).get(1));
        assertEquals(List.of("exception java.net.ConnectException: no sockd for 10.231.2.2:"
                + echo.port() + ": line 1 of " + config + " names no server (@=) and SOCKS_SERVER"
                + " is not set"), unset.stdoutLines());
    }

    @Test
    void sockdNameIsResolvedWithTheNameServerOfSocksNs() throws Exception {
        Requirements.assumeDanteAndNameServer();
        Path config = config("sockd @=fw.pmsocks.test:1080 ALL");
        try (NameServer dns = NameServer.start(topology.firewall(), FIREWALL_INSIDE_ADDRESS,
                Map.of("fw.pmsocks.test", FIREWALL_INSIDE_ADDRESS))) {

            CommandResult result = probe(config, Map.of("SOCKS_NS", dns.address()), "connect",
                    OUTSIDE_ADDRESS, port(echo));
            CommandResult withoutNs = probe(config, Map.of(), "connect", OUTSIDE_ADDRESS,
                    port(echo));

            assertEquals(0, result.exitCode(), result.describe("probe failed"));
            assertEquals("line peer " + FIREWALL_OUTSIDE_ADDRESS,
                    withoutPeerPort(result.stdoutLines()).get(1));
            assertEquals(List.of("exception java.net.ConnectException: sockd fw.pmsocks.test:1080:"
                    + " cannot resolve host name 'fw.pmsocks.test'"), withoutNs.stdoutLines());
        }
    }

    @Test
    void missingConfigurationEndsTheJvmWithStatus2() throws Exception {
        Path missing = directory.resolve("absent.conf");

        CommandResult result = probe(missing, Map.of(), "connect", OUTSIDE_ADDRESS, port(echo));

        assertEquals(2, result.exitCode());
        assertEquals("", result.stdout());
        assertEquals(List.of(missing + ": error: cannot read the configuration file (no such"
                + " file)"), result.stderrLines());
    }

    // ---------------------------------------------------------------------------------------

    private CommandResult probe(Path config, Map<String, String> environment, String... arguments) {
        return run(firewall.agentJvm(ConnectProbe.class, config, environment).withArguments(arguments));
    }

    private static CommandResult run(ChildJvm jvm) {
        return firewall.runInside(jvm);
    }

    private Path config(String... lines) {
        return firewall.config(lines);
    }

    /** Started in the firewall's namespaces: the fixture's close ends it. */
    private static TestServer server(TestServer started) {
        return started;
    }

    private static String port(TestServer server) {
        return Integer.toString(server.port());
    }

    /** The greeting's client port changes with every run; keep the address only. */
    private static List<String> withoutPeerPort(List<String> lines) {
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            kept.add(line.startsWith("line peer ") ? line.replaceFirst(":\\d+$", "") : line);
        }
        return kept;
    }
}
