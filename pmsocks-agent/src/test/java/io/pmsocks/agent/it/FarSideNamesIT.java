package io.pmsocks.agent.it;

import static io.pmsocks.testkit.Topology.FIREWALL_INSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.FIREWALL_OUTSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.testkit.ChildJvm;
import io.pmsocks.testkit.CommandResult;
import io.pmsocks.testkit.FakeSocksBehaviour;
import io.pmsocks.testkit.FirewallFixture;
import io.pmsocks.testkit.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Names only the far side can resolve (SPEC §3): clients that look a name up before they connect
 * reach a name that the inside cannot resolve, through a sockd in the firewall that resolves it.
 * Lookups that the rules do not leave to a sockd, and names that resolve here, are exactly what
 * they are without the agent.
 *
 * <p>The sockd here is the test kit's relay, which speaks SOCKS4a and resolves names from its own
 * table only, and logs each request: so the test sees that the name, not a placeholder, was sent.
 */
class FarSideNamesIT {

    /** Resolved by the relay only: what a client inside must reach through it. */
    private static final String FAR = "pmcd.far.test";
    /** Resolved by nobody. */
    private static final String NOWHERE = "nowhere.far.test";
    private static final int RELAY_PORT = 1081;
    private static final String RELAY = FIREWALL_INSIDE_ADDRESS + ":" + RELAY_PORT;

    @RegisterExtension
    static final FirewallFixture firewall = FirewallFixture.builder().withWebServer().build();

    private static TestServer relay;

    @BeforeAll
    static void startRelay() {
        relay = TestServer.fakeSocks(firewall.firewall(), FIREWALL_INSIDE_ADDRESS, RELAY_PORT,
                FakeSocksBehaviour.relay(Map.of(FAR, OUTSIDE_ADDRESS)));
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
