package io.pmsocks.testkit;

import static io.pmsocks.testkit.Topology.FIREWALL_INSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.FIREWALL_OUTSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.FIREWALL_OUTSIDE_ADDRESS6;
import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each proxy the kit runs on the firewall, shown with a plain client that is not pmsocks (curl, run in the inside
 * namespace): Dante by SOCKS5 without and with a user name and password, to an IPv6 destination, and to a name that
 * only the firewall resolves; microsocks without and with credentials; tinyproxy's {@code CONNECT} to an allowed
 * port, refused for another, and with Basic authentication. Each success is proven by what the web server outside
 * saw (the firewall's outside leg) and by the proxy's own log.
 */
class FirewallProxiesIT {

    private static final String OUTSIDE_NAME = "web.outside.test";
    private static final Duration RUN = Duration.ofSeconds(30);
    private static final Duration LOG_WAIT = Duration.ofSeconds(10);
    private static final String PASSWORD = "Secret-4-tests";

    @RegisterExtension
    static final FirewallFixture firewall = FirewallFixture.builder().withoutEchoServers().withWebServer()
            .firewallHosts(Map.of(OUTSIDE_NAME, OUTSIDE_ADDRESS)).build();

    private static TestServer web;

    @BeforeAll
    static void requireCurl() {
        Requirements.requireProgram("curl", "curl");
        web = firewall.web();
    }

    @Test
    void danteCarriesSocks5WithoutAuthentication() {
        int before = firewall.dante().connectsLoggedTo(OUTSIDE_ADDRESS, web.port()).size();

        CommandResult result = curl("--socks5", FirewallFixture.SOCKD, page(OUTSIDE_ADDRESS, web.port()));

        assertEquals(List.of("hello from " + OUTSIDE_ADDRESS + ", peer " + FIREWALL_OUTSIDE_ADDRESS),
                result.stdoutLines(), result.describe("not through Dante"));
        firewall.dante().awaitConnectsLoggedTo(OUTSIDE_ADDRESS, web.port(), before + 1, LOG_WAIT);
    }

    @Test
    void anIpv6DestinationOutsideIsReachedThroughDanteOnly() throws UnknownHostException {
        Requirements.assumeIpv6();
        try (TestServer web6 = TestServer.web(firewall.outside(), OUTSIDE_ADDRESS6, 0)) {
            String page = page("[" + OUTSIDE_ADDRESS6 + "]", web6.port());

            CommandResult direct = curl("--connect-timeout", "2", page);
            CommandResult proxied = curl("--socks5", FirewallFixture.SOCKD, page);

            assertEquals(28, direct.exitCode(), direct.describe("the firewall let a direct IPv6 connect through"));
            // the web server prints its peer as Java does, uncompressed
            assertEquals(List.of("hello from " + OUTSIDE_ADDRESS6 + ", peer "
                            + InetAddress.getByName(FIREWALL_OUTSIDE_ADDRESS6).getHostAddress()),
                    proxied.stdoutLines(), proxied.describe("not through Dante"));
        }
    }

    @Test
    void aNameOnlyTheFirewallResolvesReachesItsHostThroughDante() {
        CommandResult insideLookup = firewall.inside().run(RUN, "getent", "hosts", OUTSIDE_NAME);
        CommandResult firewallLookup = firewall.firewall().run(RUN, "getent", "hosts", OUTSIDE_NAME);

        CommandResult result = curl("--socks5-hostname", FirewallFixture.SOCKD, page(OUTSIDE_NAME, web.port()));

        assertEquals(2, insideLookup.exitCode(), insideLookup.describe("the inside resolved the name"));
        assertEquals(List.of(OUTSIDE_ADDRESS, OUTSIDE_NAME),
                List.of(firewallLookup.stdout().strip().split("\\s+")), firewallLookup.describe("not resolved"));
        assertEquals(List.of("hello from " + OUTSIDE_ADDRESS + ", peer " + FIREWALL_OUTSIDE_ADDRESS),
                result.stdoutLines(), result.describe("not through Dante"));
    }

    @Test
    void danteWithUsernameMethodDemandsTheSystemUsersPassword() {
        try (SystemUser user = SystemUser.create(PASSWORD);
             Dante dante = Dante.start(firewall.firewall(), DanteConfig.firewall(1081)
                     .withSocksMethods(DanteConfig.SocksMethod.USERNAME))) {
            String sockd = FIREWALL_INSIDE_ADDRESS + ":1081";
            String page = page(OUTSIDE_ADDRESS, web.port());

            CommandResult withPassword = curl("--socks5", sockd, "--proxy-user", user.name() + ":" + PASSWORD, page);
            CommandResult without = curl("--socks5", sockd, page);
            CommandResult wrong = curl("--socks5", sockd, "--proxy-user", user.name() + ":wrong", page);

            assertEquals(List.of("hello from " + OUTSIDE_ADDRESS + ", peer " + FIREWALL_OUTSIDE_ADDRESS),
                    withPassword.stdoutLines(), withPassword.describe("not through Dante"));
            dante.awaitConnectsLoggedTo(OUTSIDE_ADDRESS, web.port(), 1, LOG_WAIT);
            assertRefused(without, "No authentication method was acceptable");
            assertRefused(wrong, "User was rejected by the SOCKS5 server");
        }
    }

    @Test
    void microsocksCarriesSocks5WithAndWithoutCredentials() {
        Requirements.assumeMicrosocks();
        ProxyCredentials credentials = new ProxyCredentials("alice", PASSWORD);
        try (Microsocks open = Microsocks.start(firewall.firewall(), FIREWALL_INSIDE_ADDRESS, 1082);
             Microsocks guarded = Microsocks.start(firewall.firewall(), FIREWALL_INSIDE_ADDRESS, 1083,
                     Optional.of(credentials))) {
            String page = page(OUTSIDE_ADDRESS, web.port());

            CommandResult viaOpen = curl("--socks5", open.endpoint(), page);
            CommandResult withPassword = curl("--socks5", guarded.endpoint(), "--proxy-user", "alice:" + PASSWORD,
                    page);
            CommandResult without = curl("--socks5", guarded.endpoint(), page);
            CommandResult wrong = curl("--socks5", guarded.endpoint(), "--proxy-user", "alice:wrong", page);

            for (CommandResult result : List.of(viaOpen, withPassword)) {
                assertEquals(List.of("hello from " + OUTSIDE_ADDRESS + ", peer " + FIREWALL_OUTSIDE_ADDRESS),
                        result.stdoutLines(), result.describe("not through microsocks"));
            }
            open.awaitConnectsLoggedTo(OUTSIDE_ADDRESS, web.port(), 1, LOG_WAIT);
            guarded.awaitConnectsLoggedTo(OUTSIDE_ADDRESS, web.port(), 1, LOG_WAIT);
            assertRefused(without, "No authentication method was acceptable");
            assertRefused(wrong, "User was rejected by the SOCKS5 server");
            assertEquals(1, guarded.connectsLogged().size(), "only the right password got a connect");
        }
    }

    @Test
    void tinyproxyTunnelsToAllowedPortsOnly() {
        Requirements.assumeTinyproxy();
        try (Tinyproxy proxy = Tinyproxy.start(firewall.firewall(), TinyproxyConfig.firewall(8888, web.port()))) {
            String proxyUrl = "http://" + FIREWALL_INSIDE_ADDRESS + ":8888";

            CommandResult allowed = curl("--proxytunnel", "--proxy", proxyUrl, page(OUTSIDE_ADDRESS, web.port()));
            CommandResult byName = curl("--proxytunnel", "--proxy", proxyUrl, page(OUTSIDE_NAME, web.port()));
            CommandResult refused = curl("--proxytunnel", "--proxy", proxyUrl, page(OUTSIDE_ADDRESS, 7));

            assertEquals(List.of("hello from " + OUTSIDE_ADDRESS + ", peer " + FIREWALL_OUTSIDE_ADDRESS),
                    allowed.stdoutLines(), allowed.describe("not through tinyproxy"));
            assertEquals(List.of("hello from " + OUTSIDE_ADDRESS + ", peer " + FIREWALL_OUTSIDE_ADDRESS),
                    byName.stdoutLines(), byName.describe("the firewall's name not resolved by tinyproxy"));
            proxy.awaitConnectsEstablishedTo(OUTSIDE_ADDRESS, 1, LOG_WAIT);
            proxy.awaitConnectsEstablishedTo(OUTSIDE_NAME, 1, LOG_WAIT);
            assertRefused(refused, "CONNECT tunnel failed, response 403");
            assertEquals(1, proxy.connectsRefusedForPort(7), String.join("\n", proxy.logLines()));
        }
    }

    @Test
    void tinyproxyWithBasicAuthDemandsTheCredentials() {
        Requirements.assumeTinyproxy();
        ProxyCredentials credentials = new ProxyCredentials("bob", PASSWORD);
        try (Tinyproxy proxy = Tinyproxy.start(firewall.firewall(), TinyproxyConfig.firewall(8889, web.port())
                .withBasicAuth(credentials))) {
            String proxyUrl = "http://" + FIREWALL_INSIDE_ADDRESS + ":8889";
            String page = page(OUTSIDE_ADDRESS, web.port());

            CommandResult withPassword = curl("--proxytunnel", "--proxy", proxyUrl, "--proxy-user",
                    "bob:" + PASSWORD, page);
            CommandResult without = curl("--proxytunnel", "--proxy", proxyUrl, page);

            assertEquals(List.of("hello from " + OUTSIDE_ADDRESS + ", peer " + FIREWALL_OUTSIDE_ADDRESS),
                    withPassword.stdoutLines(), withPassword.describe("not through tinyproxy"));
            assertRefused(without, "CONNECT tunnel failed, response 407");
            assertTrue(proxy.logLines().stream().noneMatch(line -> line.contains(PASSWORD)),
                    "tinyproxy's log must not show the password");
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** curl, silent but for errors, in the inside namespace. */
    private static CommandResult curl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--max-time", "20"));
        command.addAll(List.of(arguments));
        return firewall.inside().run(RUN, command, System.getenv());
    }

    private static String page(String host, int port) {
        return "http://" + host + ":" + port + "/";
    }

    private static void assertRefused(CommandResult result, String curlError) {
        assertNotEquals(0, result.exitCode(), result.describe("got through"));
        assertEquals("", result.stdout());
        assertTrue(result.stderr().contains(curlError), result.describe("another failure"));
    }
}
