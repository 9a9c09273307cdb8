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
import io.pmsocks.testkit.DanteConfig;
import io.pmsocks.testkit.FakeSocksBehaviour;
import io.pmsocks.testkit.FirewallFixture;
import io.pmsocks.testkit.Namespace;
import io.pmsocks.testkit.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names only the far side can resolve (SPEC §3): clients that look a name up before they connect
 * reach a name that the inside cannot resolve, through a sockd in the firewall that resolves it.
 * Lookups that the rules do not leave to a sockd, and names that resolve here, are exactly what
 * they are without the agent.
 *
 * <p>The servers: the test kit's relay, which speaks SOCKS4a, resolves names from its own table
 * only and logs each request (so the test sees that the name, not a placeholder, was sent); and
 * a real Dante (SOCKS5) and tinyproxy (HTTP CONNECT) on the firewall, started after the firewall
 * namespace got a hosts file of its own ({@code /etc/netns/NAME/hosts}, which {@code ip netns
 * exec} mounts over {@code /etc/hosts}) that only they see.
 */
class FarSideNamesIT {

    /** Resolved by the relay only: what a client inside must reach through it. */
    private static final String FAR = "pmcd.far.test";
    /** Resolved by nobody. */
    private static final String NOWHERE = "nowhere.far.test";
    private static final int RELAY_PORT = 1081;
    private static final String RELAY = FIREWALL_INSIDE_ADDRESS + ":" + RELAY_PORT;
    /** Resolved inside to an address where nothing listens, and by the firewall to the outside host. */
    private static final String SPLIT = "db.split.test";
    private static final int DANTE_PORT = 1082;
    private static final int TINYPROXY_PORT = 18889;
    private static final String DANTE = "socks5://" + FIREWALL_INSIDE_ADDRESS + ":" + DANTE_PORT;
    private static final String TINYPROXY = "http://" + FIREWALL_INSIDE_ADDRESS + ":" + TINYPROXY_PORT;
    private static final List<String> PROXIES = List.of(DANTE, TINYPROXY);

    @RegisterExtension
    static final FirewallFixture firewall = FirewallFixture.builder().withWebServer().build();

    private static TestServer relay;
    private static Dante dante;

    @BeforeAll
    static void startServers() throws Exception {
        relay = TestServer.fakeSocks(firewall.firewall(), FIREWALL_INSIDE_ADDRESS, RELAY_PORT,
                FakeSocksBehaviour.relay(Map.of(FAR, OUTSIDE_ADDRESS)));
        writeHosts(firewall.firewall(), FAR + " " + SPLIT, OUTSIDE_ADDRESS);
        writeHosts(firewall.inside(), SPLIT, "10.231.1.200");
        dante = Dante.start(firewall.firewall(), DanteConfig.firewall(DANTE_PORT));
        Path config = firewall.topology().directory().resolve("tinyproxy-names.conf");
        Files.write(config, List.of("Port " + TINYPROXY_PORT, "Listen " + FIREWALL_INSIDE_ADDRESS,
                "Timeout 30", "MaxClients 20", "Allow 10.231.1.0/24",
                "ConnectPort " + firewall.echo().port(), "ConnectPort " + firewall.web().port(),
                "LogLevel Info"));
        startOnFirewall(List.of("tinyproxy", "-d", "-c", config.toString()), TINYPROXY_PORT);
    }

    @AfterAll
    static void removeHostsFiles() throws IOException {
        if (dante != null) {
            dante.close();
        }
        for (Namespace namespace : List.of(firewall.firewall(), firewall.inside())) {
            Path folder = Path.of("/etc/netns", namespace.name());
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.walk(folder)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
        }
    }

    /**
     * A hosts file that only what is started in {@code namespace} from now on sees: localhost and
     * {@code names} at {@code address}.
     */
    private static void writeHosts(Namespace namespace, String names, String address)
            throws IOException {
        Path folder = Files.createDirectories(Path.of("/etc/netns", namespace.name()));
        Path hosts = Files.writeString(folder.resolve("hosts"), "127.0.0.1\tlocalhost\n" + address
                + "\t" + names + "\n");
        // Dante's and tinyproxy's children resolve as nobody
        Files.setPosixFilePermissions(hosts, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** Starts a server in the firewall namespace (the fixture ends it) and waits until it listens. */
    private static void startOnFirewall(List<String> command, int port) throws Exception {
        ChildProcess server = firewall.firewall().start(command, Map.of());
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (firewall.firewall().run(Duration.ofSeconds(10), "ss", "-Hltn",
                "sport = :" + port).stdout().isBlank()) {
            if (System.nanoTime() > until || !server.isAlive()) {
                throw new IllegalStateException(server.describe(command.get(0) + " did not listen"));
            }
            Thread.sleep(50);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void lookupThenSocketReachesTheFarNameThroughDanteAndTinyproxy(int proxy) {
        int before = dante.connectsLoggedTo(OUTSIDE_ADDRESS, firewall.echo().port()).size();
        CommandResult result = firewall.runInside(probe(firewall.config("sockd @=" + PROXIES.get(proxy)
                + " ALL"), "socket", FAR, echoPort()));

        List<String> lines = result.stdoutLines();
        assertEquals("lookup " + FAR + "/240.0.0.1", lines.get(0), result.describe(PROXIES.get(proxy)));
        assertEquals("connected peer=" + FAR + "/240.0.0.1:" + echoPort(), lines.get(1),
                result.describe(PROXIES.get(proxy)));
        assertTrue(lines.get(2).startsWith("line peer " + FIREWALL_OUTSIDE_ADDRESS + ":"),
                result.describe(PROXIES.get(proxy)));
        if (proxy == 0) {
            // Dante resolved the name: it connected to the outside host's address
            dante.awaitConnectsLoggedTo(OUTSIDE_ADDRESS, firewall.echo().port(), before + 1,
                    FirewallFixture.LOG_WAIT);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void theJdkHttpClientReachesTheFarNameThroughDanteAndTinyproxy(int proxy) {
        CommandResult result = firewall.runInside(probe(firewall.config("sockd @=" + PROXIES.get(proxy)
                + " ALL"), "http", FAR, Integer.toString(firewall.web().port())));
        assertEquals(List.of("status 200 hello from " + OUTSIDE_ADDRESS + ", peer "
                + FIREWALL_OUTSIDE_ADDRESS), result.stdoutLines().stream()
                .map(line -> line.replaceAll(":[0-9]+$", "")).toList(), result.describe(PROXIES.get(proxy)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aNameNobodyResolvesFailsNamingItFromTheProxysReply(int proxy) {
        CommandResult result = firewall.runInside(probe(firewall.config("sockd @=" + PROXIES.get(proxy)
                + " ALL"), "socket", NOWHERE, echoPort()));
        List<String> lines = result.stdoutLines();
        assertEquals("lookup " + NOWHERE + "/240.0.0.1", lines.get(0), result.describe(PROXIES.get(proxy)));
        assertTrue(lines.get(1).startsWith("exception java.net.ConnectException: ")
                && lines.get(1).contains(NOWHERE + ":" + echoPort()), result.describe(PROXIES.get(proxy)));
    }

    @Test
    void aSplitHorizonDomainIsNotAskedOfTheInsideResolver() {
        Path config = firewall.config("sockd @=socks5h://" + FIREWALL_INSIDE_ADDRESS + ":" + DANTE_PORT
                + " .split.test", "direct ALL");
        CommandResult plain = withoutAgent("lookup", SPLIT);
        assertEquals(List.of("lookup " + SPLIT + "/10.231.1.200"), plain.stdoutLines(),
                plain.describe("the inside resolver's answer"));

        CommandResult result = firewall.runInside(probe(config, "socket", SPLIT, echoPort())
                .withEnvironment("SOCKS_DEBUG", "1"));

        List<String> lines = result.stdoutLines();
        assertEquals("lookup " + SPLIT + "/240.0.0.1", lines.get(0), result.describe("split-horizon"));
        assertTrue(lines.get(2).startsWith("line peer " + FIREWALL_OUTSIDE_ADDRESS + ":"),
                result.describe("split-horizon"));
        assertTrue(result.stderrLines().contains("[pmsocks] " + SPLIT + ": not resolved here, left to"
                + " sockd socks5h://" + FIREWALL_INSIDE_ADDRESS + ":" + DANTE_PORT + " (line 1) (the local"
                + " resolver is not asked for this domain); placeholder 240.0.0.1"),
                result.describe("split-horizon"));
    }

    private static ChildJvm probe(Path config, String... arguments) {
        return firewall.agentJvm(NameProbe.class, config, Map.of()).withArguments(arguments);
    }

    private static CommandResult withoutAgent(String... arguments) {
        return firewall.runInside(ChildJvm.forMainClass(NameProbe.class).withArguments(arguments));
    }

    private static String echoPort() {
        return Integer.toString(firewall.echo().port());
    }

    private static List<String> relayRequests() {
        return relay.process().stdoutLines().stream().filter(line -> line.startsWith("request ")).toList();
    }

    @Test
    void theInsideCannotResolveTheFarName() {
        CommandResult plain = withoutAgent("lookup", FAR);
        assertEquals(3, plain.exitCode(), plain.describe("lookup without the agent"));
        assertTrue(plain.stdout().startsWith("exception java.net.UnknownHostException: " + FAR),
                plain.describe("lookup without the agent"));
    }

    @Test
    void lookupThenSocketReachesTheFarNameAndTheSockdGetsTheName() {
        CommandResult result = firewall.runInside(probe(firewall.config("sockd @=" + RELAY + " ALL"),
                "socket", FAR, echoPort()));

        List<String> lines = result.stdoutLines();
        assertEquals("lookup " + FAR + "/240.0.0.1", lines.get(0), result.describe("socket"));
        assertEquals("connected peer=" + FAR + "/240.0.0.1:" + echoPort(), lines.get(1),
                result.describe("socket"));
        assertTrue(lines.get(2).startsWith("line peer " + FIREWALL_OUTSIDE_ADDRESS + ":"),
                result.describe("socket"));
        assertTrue(relayRequests().stream().anyMatch(line -> line.endsWith("port=" + echoPort()
                + " ip=0.0.0.1 user=" + System.getProperty("user.name") + " host=" + FAR)),
                String.join("\n", relayRequests()));
        assertTrue(relayRequests().stream().noneMatch(line -> line.contains("ip=240.")),
                "a placeholder was sent: " + relayRequests());
    }

    @Test
    void theJdkHttpClientReachesTheFarName() {
        CommandResult result = firewall.runInside(probe(firewall.config("sockd @=" + RELAY + " ALL"),
                "http", FAR, Integer.toString(firewall.web().port())));
        assertEquals(List.of("status 200 hello from " + OUTSIDE_ADDRESS + ", peer "
                + FIREWALL_OUTSIDE_ADDRESS), result.stdoutLines().stream()
                .map(line -> line.replaceAll(":[0-9]+$", "")).toList(), result.describe("HttpClient"));
    }

    @Test
    void directEverywhereOrForTheDomainLeavesTheLookupFailingAsWithoutTheAgent() {
        CommandResult plain = withoutAgent("lookup", FAR);
        for (Path config : List.of(firewall.config("direct ALL"),
                firewall.config("direct .far.test", "sockd @=" + RELAY + " ALL"))) {
            CommandResult result = firewall.runInside(probe(config, "lookup", FAR)
                    .withEnvironment("SOCKS_DEBUG", "1"));
            assertEquals(plain.stdout(), result.stdout(), result.describe("lookup, " + config));
            assertEquals(3, result.exitCode(), result.describe("lookup, " + config));
            assertTrue(result.stderrLines().stream().noneMatch(line -> line.contains("240.0.")),
                    result.describe("no placeholder"));
        }
    }

    @Test
    void aNameNobodyResolvesFailsNamingItFromTheSockdsReply() {
        CommandResult result = firewall.runInside(probe(firewall.config("sockd @=" + RELAY + " ALL"),
                "socket", NOWHERE, echoPort()));
        List<String> lines = result.stdoutLines();
        assertEquals("lookup " + NOWHERE + "/240.0.0.1", lines.get(0), result.describe("nowhere"));
        assertTrue(lines.get(1).startsWith("exception java.net.ConnectException: ")
                && lines.get(1).contains(NOWHERE + ":" + echoPort()) && lines.get(1).contains("91"),
                result.describe("nowhere"));
    }

    @Test
    void addressesAndLocallyResolvedNamesAreUnchanged() {
        Path config = firewall.config("sockd @=" + RELAY + " ALL");
        for (String host : List.of("localhost", OUTSIDE_ADDRESS)) {
            CommandResult plain = withoutAgent("lookup", host);
            CommandResult agent = firewall.runInside(probe(config, "lookup", host));
            assertEquals(plain.stdout(), agent.stdout(), agent.describe("lookup " + host));
            assertEquals(0, agent.exitCode(), agent.describe("lookup " + host));
        }
        CommandResult byAddress = firewall.runInside(probe(config, "socket", OUTSIDE_ADDRESS, echoPort()));
        assertEquals("lookup /" + OUTSIDE_ADDRESS, byAddress.stdoutLines().get(0), byAddress.describe("address"));
        assertTrue(byAddress.stdoutLines().get(2).startsWith("line peer " + FIREWALL_OUTSIDE_ADDRESS + ":"),
                byAddress.describe("address"));
    }

    @Test
    void aConnectToAPlaceholderThatItsPortSendsDirectFailsNamingTheName() {
        Path config = firewall.config("sockd @=" + RELAY + " .far.test eq 1", "direct ALL");
        CommandResult result = firewall.runInside(probe(config, "socket", FAR, echoPort()));

        assertEquals(List.of("lookup " + FAR + "/240.0.0.1", "exception java.net.UnknownHostException: "
                + FAR + ": not resolved here, and " + FAR + ":" + echoPort() + " is decided direct (line 2),"
                + " so no sockd can resolve it"), result.stdoutLines(), result.describe("port decides"));
    }
}
