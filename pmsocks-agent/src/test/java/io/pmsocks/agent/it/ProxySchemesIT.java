package io.pmsocks.agent.it;

import static io.pmsocks.testkit.Topology.FIREWALL_INSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.FIREWALL_OUTSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.testkit.ChildProcess;
import io.pmsocks.testkit.CommandResult;
import io.pmsocks.testkit.DanteConfig;
import io.pmsocks.testkit.FirewallFixture;
import io.pmsocks.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The routes speak each scheme of an {@code @=} entry through its protocol core: SOCKS5 to the
 * fixture's real Dante, HTTP CONNECT to a real tinyproxy on the firewall, for a Socket, a
 * blocking channel and a non-blocking one. The evidence is the echo server's greeting, which
 * names the firewall's outside address as the peer it saw.
 */
class ProxySchemesIT {

    private static final int TINYPROXY_PORT = 18888;
    private static final String TINYPROXY = "http://" + FIREWALL_INSIDE_ADDRESS + ":"
            + TINYPROXY_PORT;
    private static final String GREETING = "line peer " + FIREWALL_OUTSIDE_ADDRESS;
    private static final int MICROSOCKS_PORT = 11080;
    private static final String MICROSOCKS = "socks5://alice@" + FIREWALL_INSIDE_ADDRESS + ":"
            + MICROSOCKS_PORT;
    /** microsocks' password for alice; it must appear nowhere pmsocks writes. */
    private static final String PASSWORD = "Tr0ub4dor-pmsocks-secret";

    @RegisterExtension
    static final FirewallFixture firewall = FirewallFixture.builder()
            .dante(DanteConfig::withSocks4UserIdsLogged).withWebServer().build();

    private static TestServer echo;
    private static TestServer web;

    @BeforeAll
    static void startTinyproxy() throws Exception {
        echo = firewall.echo();
        web = firewall.web();
        Path config = firewall.topology().directory().resolve("tinyproxy.conf");
        Files.write(config, List.of(
                "Port " + TINYPROXY_PORT,
                "Listen " + FIREWALL_INSIDE_ADDRESS,
                "Timeout 30",
                "MaxClients 20",
                "Allow 10.231.1.0/24",
                "ConnectPort " + echo.port(),
                "ConnectPort " + web.port(),
                "LogLevel Info"));
        startOnFirewall(List.of("tinyproxy", "-d", "-c", config.toString()), TINYPROXY_PORT);
        startOnFirewall(List.of("microsocks", "-i", FIREWALL_INSIDE_ADDRESS, "-p",
                Integer.toString(MICROSOCKS_PORT), "-u", "alice", "-P", PASSWORD),
                MICROSOCKS_PORT);
    }

    /** Starts a server in the firewall namespace (the fixture ends it) and waits until it listens. */
    private static void startOnFirewall(List<String> command, int port) throws Exception {
        ChildProcess server = firewall.firewall().start(command, Map.of());
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (firewall.firewall().run(Duration.ofSeconds(10), "ss", "-Hltn",
                "sport = :" + port).stdout().isBlank()) {
            if (System.nanoTime() > until || !server.isAlive()) {
                throw new IllegalStateException(server.describe(command.get(0)
                        + " did not listen"));
            }
            Thread.sleep(50);
        }
    }

    @Test
    void socks5ThroughDanteForEveryKindOfConnect() {
        Path config = firewall.config("sockd @=socks5://" + FirewallFixture.SOCKD + " ALL");
        int before = firewall.dante().connectsLoggedTo(OUTSIDE_ADDRESS, echo.port()).size();
        int socks4Requests = firewall.dante().log().socks4UserIds().size();

        assertGreeting(socket(config), "Socket, SOCKS5");
        assertGreeting(channel(config, "channel-blocking"), "blocking channel, SOCKS5");
        assertGreeting(channel(config, "channel-selector"), "non-blocking channel, SOCKS5");
        firewall.dante().awaitConnectsLoggedTo(OUTSIDE_ADDRESS, echo.port(), before + 3,
                FirewallFixture.LOG_WAIT);
        assertEquals(socks4Requests, firewall.dante().log().socks4UserIds().size(),
                "Dante logs the user id of every SOCKS4 request: these were SOCKS5");
    }

    @Test
    void httpConnectThroughTinyproxyForEveryKindOfConnect() {
        Path config = firewall.config("sockd @=" + TINYPROXY + " ALL");

        assertGreeting(socket(config), "Socket, HTTP CONNECT");
        assertGreeting(channel(config, "channel-blocking"), "blocking channel, HTTP CONNECT");
        assertGreeting(channel(config, "channel-selector"), "non-blocking channel, HTTP CONNECT");
    }

    @Test
    void jdkHttpClientFetchesAPageThroughDanteBySocks5AndThroughTinyproxy() {
        int before = firewall.dante().connectsLoggedTo(OUTSIDE_ADDRESS, web.port()).size();
        int socks4Requests = firewall.dante().log().socks4UserIds().size();
        List<String> page = List.of("status 200", "line hello from " + OUTSIDE_ADDRESS + ", peer "
                + FIREWALL_OUTSIDE_ADDRESS);

        CommandResult socks5 = firewall.runInside(AgentRuns.channelProbe(firewall,
                firewall.config("sockd @=socks5://" + FirewallFixture.SOCKD + " ALL"), Map.of())
                .withArguments("http", OUTSIDE_ADDRESS, AgentRuns.port(web)));
        CommandResult http = firewall.runInside(AgentRuns.channelProbe(firewall,
                firewall.config("sockd @=" + TINYPROXY + " ALL"), Map.of())
                .withArguments("http", OUTSIDE_ADDRESS, AgentRuns.port(web)));

        assertEquals(page, socks5.stdoutLines(), socks5.describe("HttpClient, SOCKS5"));
        assertEquals(page, http.stdoutLines(), http.describe("HttpClient, HTTP CONNECT"));
        firewall.dante().awaitConnectsLoggedTo(OUTSIDE_ADDRESS, web.port(), before + 1,
                FirewallFixture.LOG_WAIT);
        assertEquals(socks4Requests, firewall.dante().log().socks4UserIds().size(),
                "Dante logs the user id of every SOCKS4 request: this was SOCKS5");
    }

    @Test
    void portTheHttpProxyRefusesNamesTheProxyAndItsStatusLine() {
        Path config = firewall.config("sockd @=" + TINYPROXY + " ALL");

        CommandResult result = AgentRuns.runInside(firewall, ConnectProbe.class, config,
                Map.of(), "connect", OUTSIDE_ADDRESS, "7", "10000");

        List<String> lines = result.stdoutLines();
        assertEquals(1, lines.size(), result.describe("CONNECT to a port not allowed"));
        assertTrue(lines.get(0).startsWith("exception java.net.ConnectException: proxy "
                + TINYPROXY + " ") && lines.get(0).contains("HTTP/1.") && lines.get(0)
                .contains("403"), lines.get(0));
    }

    @Test
    void socks5WithUserNameAndPasswordThroughMicrosocks() throws Exception {
        Path config = firewall.config("sockd @=" + MICROSOCKS + " ALL");
        Path debug = firewall.topology().directory().resolve("microsocks-debug.log");
        Map<String, String> withPassword = Map.of("SOCKS_PASSWORD", PASSWORD,
                "SOCKS_DEBUG", debug.toString());

        // reads the greeting without a half close first: microsocks ends the whole relay at
        // the client's FIN, sometimes before the greeting went through
        CommandResult granted = AgentRuns.runInside(firewall, HardeningProbe.class, config,
                withPassword, "subclass", OUTSIDE_ADDRESS, AgentRuns.port(echo));
        CommandResult wrong = AgentRuns.runInside(firewall, ConnectProbe.class, config,
                Map.of("SOCKS_PASSWORD", "not-" + PASSWORD), "connect", OUTSIDE_ADDRESS,
                AgentRuns.port(echo), "10000");
        // a home without a credentials file, and no SOCKS_PASSWORD
        CommandResult missing = AgentRuns.runInside(firewall, ConnectProbe.class, config,
                Map.of("HOME", firewall.topology().directory().toString()), "connect",
                OUTSIDE_ADDRESS, AgentRuns.port(echo), "10000");

        assertGreeting(granted, "SOCKS5 with the right password");
        assertEquals(List.of("exception java.net.ConnectException: sockd " + MICROSOCKS
                + " rejected the user name and password of user alice (RFC 1929 status 2)"),
                wrong.stdoutLines(), wrong.describe("wrong password"));
        assertTrue(missing.stdout().startsWith("exception java.net.ConnectException: sockd "
                + MICROSOCKS + " wants a user name and password"), missing.describe("none"));
        for (CommandResult result : List.of(granted, wrong, missing)) {
            assertFalse((result.stdout() + result.stderr()).contains(PASSWORD),
                    result.describe("the password was written"));
        }
        String debugLines = Files.readString(debug);
        // what --probe shows too: the server with its scheme and user, never the password
        assertTrue(debugLines.contains(": sockd " + MICROSOCKS + " (line 1)"), debugLines);
        assertFalse(debugLines.contains(PASSWORD), "the debug file holds it");
    }

    @Test
    void credentialsComeFromEachSource() throws Exception {
        String server = FIREWALL_INSIDE_ADDRESS + ":" + MICROSOCKS_PORT;
        Path config = firewall.config("sockd @=socks5://" + server + " ALL");
        Path home = Files.createDirectories(firewall.topology().directory().resolve("home"));
        Path inHome = Files.createDirectories(home.resolve(".config/pmsocks"))
                .resolve("credentials");
        Files.write(inHome, List.of("# microsocks on the firewall", server + " alice "
                + PASSWORD));
        Files.setPosixFilePermissions(inHome, PosixFilePermissions.fromString("rw-------"));
        Path named = firewall.topology().directory().resolve("named-credentials");
        Files.write(named, List.of(FIREWALL_INSIDE_ADDRESS + " alice " + PASSWORD));
        Files.setPosixFilePermissions(named, PosixFilePermissions.fromString("rw-------"));
        Path readable = firewall.topology().directory().resolve("group-readable-credentials");
        Files.write(readable, List.of(server + " alice " + PASSWORD));
        Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rw-r-----"));
        String nowhere = firewall.topology().directory().resolve("no-home").toString();

        CommandResult variables = greetingProbe(config, Map.of("HOME", nowhere,
                "SOCKS_USERNAME", "alice", "SOCKS_PASSWORD", PASSWORD));
        CommandResult homeFile = greetingProbe(config, Map.of("HOME", home.toString()));
        CommandResult namedFile = greetingProbe(config, Map.of("HOME", nowhere,
                "PMSOCKS_CREDENTIALS", named.toString()));
        // the entry's user wins over SOCKS_USERNAME; the file gives the password
        CommandResult entryUser = greetingProbe(firewall.config("sockd @=" + MICROSOCKS
                + " ALL"), Map.of("HOME", home.toString(), "SOCKS_USERNAME", "mallory"));
        CommandResult refused = AgentRuns.runInside(firewall, ConnectProbe.class, config,
                Map.of("HOME", nowhere, "PMSOCKS_CREDENTIALS", readable.toString()), "connect",
                OUTSIDE_ADDRESS, AgentRuns.port(echo), "10000");

        assertGreeting(variables, "SOCKS_USERNAME and SOCKS_PASSWORD");
        assertGreeting(homeFile, "~/.config/pmsocks/credentials");
        assertGreeting(namedFile, "PMSOCKS_CREDENTIALS, a line without a port");
        assertGreeting(entryUser, "USER@ with the file's password");
        assertEquals(1, refused.stdoutLines().size(), refused.describe("group-readable file"));
        assertTrue(refused.stdout().startsWith("exception java.net.ConnectException: ")
                && refused.stdout().contains(readable.toString())
                && refused.stdout().contains("chmod 600"), refused.describe("group-readable"));
        for (CommandResult result : List.of(variables, homeFile, namedFile, entryUser, refused)) {
            assertFalse((result.stdout() + result.stderr()).contains(PASSWORD),
                    result.describe("the password was written"));
        }
    }

    @Test
    void socks5RefusalsNameTheServerTheDestinationAndTheReplyCode() {
        String server = "socks5://" + FirewallFixture.SOCKD;
        Path config = firewall.config("sockd @=" + server + " ALL");

        CommandResult closed = AgentRuns.runInside(firewall, ConnectProbe.class, config,
                Map.of(), "connect", OUTSIDE_ADDRESS, Integer.toString(FirewallFixture
                        .CLOSED_PORT), "10000");
        CommandResult blocked = AgentRuns.runInside(firewall, ConnectProbe.class, config,
                Map.of(), "connect", FirewallFixture.BLOCKED_ADDRESS, "7000", "10000");

        assertEquals(List.of("exception java.net.ConnectException: sockd " + server
                + " could not connect to " + OUTSIDE_ADDRESS + ":" + FirewallFixture.CLOSED_PORT
                + " (SOCKS5 reply 5: connection refused by the destination)"),
                closed.stdoutLines(), closed.describe("a closed port"));
        assertEquals(List.of("exception java.net.ConnectException: sockd " + server
                + " could not connect to " + FirewallFixture.BLOCKED_ADDRESS + ":7000"
                + " (SOCKS5 reply 2: connection not allowed by the server's rules)"),
                blocked.stdoutLines(), blocked.describe("Dante's block rule"));
        firewall.dante().awaitBlocksLoggedTo(FirewallFixture.BLOCKED_ADDRESS, 7000, 1,
                FirewallFixture.LOG_WAIT);
    }

    @Test
    void aMixedListFailsOverFromADownSocks5ServerToTheHttpProxy() {
        String down = "socks5://" + FIREWALL_INSIDE_ADDRESS + ":" + FirewallFixture.CLOSED_PORT;
        Path config = firewall.config("sockd @=" + down + "," + TINYPROXY + " ALL");

        CommandResult socket = greetingProbe(config, Map.of("SOCKS_DEBUG", "1"));
        CommandResult channel = AgentRuns.runInside(firewall, HardeningProbe.class, config,
                Map.of(), "channel-blocking", OUTSIDE_ADDRESS, AgentRuns.port(echo));

        assertGreeting(socket, "Socket, socks5 down, then http");
        assertTrue(socket.stderrLines().contains("[pmsocks] sockd " + down
                + " refused the connection; trying the next sockd"), socket.stderr());
        assertGreeting(channel, "blocking channel, socks5 down, then http");
    }

    private static CommandResult greetingProbe(Path config, Map<String, String> environment) {
        // reads the greeting without a half close first: microsocks ends the whole relay at
        // the client's FIN, sometimes before the greeting went through
        return AgentRuns.runInside(firewall, HardeningProbe.class, config, environment,
                "subclass", OUTSIDE_ADDRESS, AgentRuns.port(echo));
    }

    /** A Socket (a subclass) that reads the greeting, with no half close before it. */
    private static CommandResult socket(Path config) {
        return AgentRuns.runInside(firewall, HardeningProbe.class, config, Map.of(), "subclass",
                OUTSIDE_ADDRESS, AgentRuns.port(echo));
    }

    private static CommandResult channel(Path config, String mode) {
        return AgentRuns.runInside(firewall, HardeningProbe.class, config, Map.of(), mode,
                OUTSIDE_ADDRESS, AgentRuns.port(echo));
    }

    private static void assertGreeting(CommandResult result, String what) {
        assertTrue(AgentRuns.withoutPeerPort(result.stdoutLines()).contains(GREETING),
                result.describe(what));
    }
}
