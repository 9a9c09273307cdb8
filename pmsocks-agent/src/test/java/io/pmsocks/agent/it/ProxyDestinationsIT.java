package io.pmsocks.agent.it;

import static io.pmsocks.testkit.Topology.FIREWALL_OUTSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.FIREWALL_OUTSIDE_ADDRESS6;
import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.testkit.CommandResult;
import io.pmsocks.testkit.FirewallFixture;
import io.pmsocks.testkit.ProxyCredentials;
import io.pmsocks.testkit.Requirements;
import io.pmsocks.testkit.TestServer;
import io.pmsocks.testkit.Tinyproxy;
import io.pmsocks.testkit.TinyproxyConfig;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Destinations only a proxy can carry: an IPv6 address through Dante by SOCKS5 (and SOCKS4's
 * refusal of one), and a name that only the firewall resolves (a hosts file that only the
 * firewall namespace sees), given by a client that did not resolve it first, through Dante by
 * SOCKS5 and through tinyproxy; and tinyproxy demanding Basic authentication. The firewall does not forward, so every greeting that arrives
 * came through the proxy; it names the firewall's outside address as the peer it saw.
 */
class ProxyDestinationsIT {

    /** Resolved by the firewall's own hosts file only; the inside has no name server. */
    private static final String OUTSIDE_NAME = "pcp.outside.test";
    private static final int TINYPROXY_PORT = 18889;
    private static final String GREETING = "line peer " + FIREWALL_OUTSIDE_ADDRESS;
    private static final String SOCKS5 = "socks5://" + FirewallFixture.SOCKD;
    /** tinyproxy's password for bob; it must appear nowhere pmsocks writes. */
    private static final String PASSWORD = "Tr0ub4dor-basic-secret";

    @RegisterExtension
    static final FirewallFixture firewall = FirewallFixture.builder().withWebServer()
            .firewallHosts(Map.of(OUTSIDE_NAME, OUTSIDE_ADDRESS)).build();

    private static TestServer echo;
    private static TestServer web;
    private static Tinyproxy tinyproxy;

    @BeforeAll
    static void startTinyproxy() {
        Requirements.assumeTinyproxy();
        echo = firewall.echo();
        web = firewall.web();
        tinyproxy = Tinyproxy.start(firewall.firewall(),
                TinyproxyConfig.firewall(TINYPROXY_PORT, echo.port(), web.port()));
    }

    @AfterAll
    static void stopTinyproxy() {
        if (tinyproxy != null) {
            tinyproxy.close();
        }
    }

    @Test
    void anIpv6DestinationThroughDanteBySocks5ForEveryKindOfConnect() throws Exception {
        Requirements.assumeIpv6();
        Path config = firewall.config("sockd @=" + SOCKS5 + " ALL");
        // the server prints its peer as Java writes an IPv6 address: uncompressed
        String greeting = "line peer ["
                + InetAddress.getByName(FIREWALL_OUTSIDE_ADDRESS6).getHostAddress() + "]";
        try (TestServer echo6 = TestServer.echoWithGreeting(firewall.outside(), OUTSIDE_ADDRESS6,
                0)) {
            for (String mode : List.of("subclass", "channel-blocking", "channel-selector")) {
                CommandResult result = AgentRuns.runInside(firewall, HardeningProbe.class, config,
                        Map.of(), mode, OUTSIDE_ADDRESS6, AgentRuns.port(echo6));
                assertTrue(AgentRuns.withoutPeerPort(result.stdoutLines()).contains(greeting),
                        result.describe(mode + " to [" + OUTSIDE_ADDRESS6 + "]"));
            }
        }
    }

    @Test
    void socks4CannotCarryAnIpv6AddressAndSaysWhatToUseInstead() throws Exception {
        Requirements.assumeIpv6();
        Path config = firewall.config("sockd @=" + FirewallFixture.SOCKD + " ALL");
        try (TestServer echo6 = TestServer.echoWithGreeting(firewall.outside(), OUTSIDE_ADDRESS6,
                0)) {
            CommandResult result = AgentRuns.runInside(firewall, ConnectProbe.class, config,
                    Map.of(), "connect", OUTSIDE_ADDRESS6, AgentRuns.port(echo6), "10000");

            assertEquals(1, result.stdoutLines().size(), result.describe("SOCKS4, IPv6"));
            String line = result.stdoutLines().get(0);
            assertTrue(line.startsWith("exception java.net.ConnectException: ")
                    && line.contains("SOCKS4 cannot carry the IPv6 address ["
                            + InetAddress.getByName(OUTSIDE_ADDRESS6).getHostAddress() + "]:"
                            + echo6.port() + " to sockd " + FirewallFixture.SOCKD)
                    && line.contains("socks5://") && line.contains("direct rule"), line);
        }
    }

    @Test
    void aNameOnlyTheFirewallResolvesThroughDanteBySocks5() {
        Path config = firewall.config("sockd @=" + SOCKS5 + " ALL");
        int before = firewall.dante().connectsLoggedTo(OUTSIDE_ADDRESS, echo.port()).size();

        assertInsideCannotResolveTheName();
        assertNameReachesItsHost(config, "Dante, SOCKS5");
        firewall.dante().awaitConnectsLoggedTo(OUTSIDE_ADDRESS, echo.port(), before + 2,
                FirewallFixture.LOG_WAIT);
    }

    @Test
    void aNameOnlyTheFirewallResolvesThroughTinyproxy() {
        Path config = firewall.config("sockd @=http://" + tinyproxy.address() + ":"
                + TINYPROXY_PORT + " ALL");
        long before = tinyproxy.connectsEstablishedTo(OUTSIDE_NAME);

        assertInsideCannotResolveTheName();
        assertNameReachesItsHost(config, "tinyproxy, HTTP CONNECT");
        // tinyproxy got the name, not an address: it resolved it on the firewall
        tinyproxy.awaitConnectsEstablishedTo(OUTSIDE_NAME, (int) before + 2,
                FirewallFixture.LOG_WAIT);
    }

    @Test
    void jdkHttpClientFetchesByANameOnlyTheFirewallResolves() {
        List<String> page = List.of("status 200", "line hello from " + OUTSIDE_ADDRESS + ", peer "
                + FIREWALL_OUTSIDE_ADDRESS);
        for (String server : List.of(SOCKS5, "http://" + tinyproxy.address() + ":"
                + TINYPROXY_PORT)) {
            CommandResult result = firewall.runInside(AgentRuns.channelProbe(firewall,
                    firewall.config("sockd @=" + server + " ALL"), Map.of())
                    .withArguments("http", OUTSIDE_NAME, AgentRuns.port(web)));
            assertEquals(page, result.stdoutLines(), result.describe("HttpClient via " + server));
        }
    }

    @Test
    void httpConnectWithBasicAuthenticationThroughTinyproxy() throws Exception {
        try (Tinyproxy guarded = Tinyproxy.start(firewall.firewall(),
                TinyproxyConfig.firewall(TINYPROXY_PORT + 1, echo.port())
                        .withBasicAuth(new ProxyCredentials("bob", PASSWORD)))) {
            String server = "http://bob@" + guarded.address() + ":" + guarded.port();
            Path config = firewall.config("sockd @=" + server + " ALL");
            Path debug = firewall.topology().directory().resolve("tinyproxy-debug.log");
            String nowhere = firewall.topology().directory().resolve("no-home").toString();

            // reads the greeting without a half close first
            CommandResult granted = AgentRuns.runInside(firewall, HardeningProbe.class, config,
                    Map.of("SOCKS_PASSWORD", PASSWORD, "SOCKS_DEBUG", debug.toString()),
                    "subclass", OUTSIDE_ADDRESS, AgentRuns.port(echo));
            CommandResult wrong = AgentRuns.runInside(firewall, ConnectProbe.class, config,
                    Map.of("SOCKS_PASSWORD", "not-" + PASSWORD), "connect", OUTSIDE_ADDRESS,
                    AgentRuns.port(echo), "10000");
            CommandResult missing = AgentRuns.runInside(firewall, ConnectProbe.class, config,
                    Map.of("HOME", nowhere), "connect", OUTSIDE_ADDRESS, AgentRuns.port(echo),
                    "10000");

            assertTrue(AgentRuns.withoutPeerPort(granted.stdoutLines()).contains(GREETING),
                    granted.describe("Basic authentication with the right password"));
            // tinyproxy answers a wrong password with 401, not 407: any status but 2xx
            // is a refusal naming the proxy, the destination and the status line
            assertEquals(List.of("exception java.net.ConnectException: proxy " + server
                    + " could not connect to " + OUTSIDE_ADDRESS + ":" + echo.port()
                    + " (HTTP/1.0 401 Unauthorized)"), wrong.stdoutLines(),
                    wrong.describe("wrong password"));
            assertTrue(missing.stdout().startsWith("exception java.net.ConnectException: proxy "
                    + server + " wants a user name and password (HTTP/1."),
                    missing.describe("no password"));
            for (CommandResult result : List.of(granted, wrong, missing)) {
                assertFalse((result.stdout() + result.stderr()).contains(PASSWORD),
                        result.describe("the password was written"));
            }
            assertFalse(Files.readString(debug).contains(PASSWORD), "the debug file holds it");
        }
    }

    /** new Socket(name, port) and a connect to an unresolved address, with the same rules. */
    private static void assertNameReachesItsHost(Path config, String what) {
        for (String mode : List.of("name-constructor", "name-unresolved")) {
            CommandResult result = AgentRuns.runInside(firewall, HardeningProbe.class, config,
                    Map.of(), mode, OUTSIDE_NAME, AgentRuns.port(echo));
            assertTrue(AgentRuns.withoutPeerPort(result.stdoutLines()).contains(GREETING),
                    result.describe(what + ", " + mode + " " + OUTSIDE_NAME));
        }
    }

    private static void assertInsideCannotResolveTheName() {
        CommandResult lookup = firewall.inside().run(FirewallFixture.RUN, "getent", "hosts",
                OUTSIDE_NAME);
        assertEquals(2, lookup.exitCode(), lookup.describe("the inside resolved " + OUTSIDE_NAME));
    }
}
