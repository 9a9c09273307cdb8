package io.pmsocks.agent.it;

import static io.pmsocks.testkit.Topology.FIREWALL_INSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.FIREWALL_OUTSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.INSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pmsocks.testkit.ChildJvm;
import io.pmsocks.testkit.ChildProcess;
import io.pmsocks.testkit.CommandResult;
import io.pmsocks.testkit.Dante;
import io.pmsocks.testkit.FirewallFixture;
import io.pmsocks.testkit.FakeSocksBehaviour;
import io.pmsocks.testkit.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routed {@code Socket} connects where the application does something unusual: an SSLSocket
 * connected after it was made, a subclass with its own {@code connect}, a close from another
 * thread, a connect on a socket that is already connected or closed, no timeout at all. The
 * packaged agent runs in a child JVM inside a namespace firewall with a real Dante.
 */
class SocketHardeningIT {

    private static final Duration LOG_WAIT = FirewallFixture.LOG_WAIT;
    private static final String TLS_NAME = "tls.outside.test";
    private static final String DANTE = FirewallFixture.SOCKD;

    @RegisterExtension
    static final FirewallFixture firewall = FirewallFixture.standard();

    private static Dante dante;
    private static TestServer echo;
    private static int tlsPort;
    private static Path tlsDirectory;

    @TempDir
    Path directory;

    @BeforeAll
    static void startTlsServer() throws Exception {
        dante = firewall.dante();
        echo = firewall.echo();
        tlsDirectory = Files.createTempDirectory("pmsocks-tls");
        TlsCertificates.create(tlsDirectory, TLS_NAME);
        // in the outside namespace: the fixture ends it with the namespaces
        ChildProcess tlsServer = ChildJvm.forMainClass(TlsNameServer.class)
                .withJvmOptions(ChildJvm.QUICK_START_OPTIONS.toArray(String[]::new))
                .withArguments(OUTSIDE_ADDRESS, "0",
                        TlsCertificates.keyStore(tlsDirectory).toString())
                .startIn(firewall.outside());
        String ready = tlsServer.awaitStdoutLine(line -> line.startsWith("ready "),
                Duration.ofSeconds(20));
        tlsPort = Integer.parseInt(ready.substring(ready.lastIndexOf(':') + 1));
    }

    @AfterAll
    static void removeCertificates() throws IOException {
        if (tlsDirectory != null) {
            TlsCertificates.delete(tlsDirectory);
        }
    }

    @Test
    void sslSocketConnectedAfterCreationVerifiesTheDestinationsNameNotSockds() throws Exception {
        CommandResult result = probe(firewall.config("sockd @=" + DANTE + " ALL"), Map.of(),
                "tls", OUTSIDE_ADDRESS, TLS_NAME, Integer.toString(tlsPort),
                TlsCertificates.trustStore(tlsDirectory).toString());

        assertEquals(List.of("handshake peerHost=" + TLS_NAME, "server sni " + TLS_NAME),
                result.stdoutLines(), result.describe("TLS through sockd"));
        dante.awaitConnectsLoggedTo(OUTSIDE_ADDRESS, tlsPort, 1, LOG_WAIT);
    }

    @Test
    void sslSocketToANameOnlySockdResolvesVerifiesThatName() throws Exception {
        TestServer relay = fake(FakeSocksBehaviour.relay(Map.of(TLS_NAME, OUTSIDE_ADDRESS)));

        CommandResult result = probe(firewall.config("sockd @=10.231.1.1:" + relay.port()
                + " ALL"), Map.of(), "tls", "-", TLS_NAME, Integer.toString(tlsPort),
                TlsCertificates.trustStore(tlsDirectory).toString());

        assertEquals(List.of("handshake peerHost=" + TLS_NAME, "server sni " + TLS_NAME),
                result.stdoutLines(), result.describe("TLS to an unresolved name by SOCKS4a"));
        assertEquals(Optional.of(TLS_NAME), relay.socksRequests().get(0).hostName());
    }

    @Test
    void subclassConnectRunsOnceAndTheSocketIsRouted() throws Exception {
        CommandResult result = probe(firewall.config("sockd @=" + DANTE + " ALL"), Map.of(),
                "subclass", OUTSIDE_ADDRESS, AgentRuns.port(echo));

        assertEquals(List.of("connects 1", "peer " + OUTSIDE_ADDRESS + ":" + echo.port(),
                "line peer " + FIREWALL_OUTSIDE_ADDRESS),
                AgentRuns.withoutPeerPort(result.stdoutLines()), result.describe("subclass"));
    }

    @Test
    void serverThatConnectsThenAnswersBadlyMakesWayForTheNextOnASocket() throws Exception {
        for (FakeSocksBehaviour bad : List.of(FakeSocksBehaviour.garbage(),
                FakeSocksBehaviour.shortReply(3), FakeSocksBehaviour.reset())) {
            TestServer fake = fake(bad);

            CommandResult result = firewall.runInside(firewall.agentJvm(ConnectProbe.class,
                    firewall.config("sockd @=10.231.1.1:" + fake.port() + "," + DANTE + " ALL"),
                    Map.of()).withArguments("connect", OUTSIDE_ADDRESS, AgentRuns.port(echo), "10000"));

            assertEquals(0, result.exitCode(), result.describe(bad + " then Dante"));
            assertEquals("line peer " + FIREWALL_OUTSIDE_ADDRESS,
                    AgentRuns.withoutPeerPort(result.stdoutLines()).get(1), bad.toString());
        }
    }

    @Test
    void socketClosedByAnotherThreadMidConnectStaysClosedAndLeavesNoDescriptor()
            throws Exception {
        TestServer stalled = TestServer.stalled(firewall.firewall(),
                FIREWALL_INSIDE_ADDRESS, 0);
        int danteConnects = dante.connectsLoggedTo(OUTSIDE_ADDRESS, echo.port()).size();

        CommandResult result = probe(firewall.config("sockd @=10.231.1.1:" + stalled.port() + ","
                + DANTE + " ALL"), Map.of(), "close-during-connect", OUTSIDE_ADDRESS, AgentRuns.port(echo));

        assertEquals(List.of("connect java.net.SocketException: Socket closed", "closed true",
                "descriptors left 0"), result.stdoutLines(), result.describe("closed mid-connect"));
        assertEquals(danteConnects, dante.connectsLoggedTo(OUTSIDE_ADDRESS, echo.port()).size(),
                "the next server must not be tried for a socket the application closed");
    }

    @Test
    void socketThatCannotBeSetUpForTheNextServerIsClosedAndLeavesNoDescriptor()
            throws Exception {
        // exactly 8 bytes, then the server waits for the client: the client's close is orderly
        // and its port stays in TIME_WAIT (unread bytes would make the close a reset)
        TestServer garbage = fake(FakeSocksBehaviour.wrongVersion(4));

        CommandResult result = probe(firewall.config("sockd @=10.231.1.1:" + garbage.port() + ","
                + DANTE + " ALL"), Map.of(), "bound-failover", OUTSIDE_ADDRESS, AgentRuns.port(echo),
                INSIDE_ADDRESS);

        assertEquals(List.of("connect java.net.ConnectException: no sockd could be used for "
                + OUTSIDE_ADDRESS + ":" + echo.port() + ": sockd 10.231.1.1:" + garbage.port()
                + " sent a malformed SOCKS4 reply (version 4, expected 0): is it a SOCKS4"
                + " server?; sockd " + DANTE + " not tried: the socket could not be set up"
                + " again (Address already in use)", "closed true", "descriptors left 0"),
                result.stdoutLines(), result.describe("bound socket"));
    }

    @Test
    void interruptedThreadDoesNotGoOnToTheNextServer() throws Exception {
        TestServer garbage = fake(FakeSocksBehaviour.garbage());
        int danteConnects = dante.connectsLoggedTo(OUTSIDE_ADDRESS, echo.port()).size();

        CommandResult result = probe(firewall.config("sockd @=10.231.1.1:" + garbage.port() + ","
                + DANTE + " ALL"), Map.of(), "interrupted-failover", OUTSIDE_ADDRESS,
                AgentRuns.port(echo));

        assertEquals(List.of("connect java.net.ConnectException: no sockd could be used for "
                + OUTSIDE_ADDRESS + ":" + echo.port() + ": sockd 10.231.1.1:" + garbage.port()
                + " sent a malformed SOCKS4 reply (version 72, expected 0): is it a SOCKS4"
                + " server?; sockd " + DANTE + " not tried: the connecting thread was interrupted",
                "still interrupted true", "closed true"), result.stdoutLines(),
                result.describe("interrupted"));
        assertEquals(danteConnects, dante.connectsLoggedTo(OUTSIDE_ADDRESS, echo.port()).size());
    }

    @Test
    void connectOnAConnectedOrClosedSocketIsLeftToTheJdkAndTheConnectionLives()
            throws Exception {
        JdkOwnBehaviour.assertLeftToTheJdk(firewall, directory.resolve("shell-ran"),
                "reconnect-socket");
    }

    @Test
    void sockdThatNeverAnswersEndsAtTheDefaultBound() throws Exception {
        TestServer stalled = TestServer.stalled(firewall.firewall(),
                FIREWALL_INSIDE_ADDRESS, 0);

        CommandResult result = firewall.runInside(firewall.agentJvm(ConnectProbe.class,
                firewall.config("sockd @=10.231.1.1:" + stalled.port() + " ALL"),
                Map.of("PMSOCKS_CONNECT_TIMEOUT", "1.5"))
                .withArguments("constructor", OUTSIDE_ADDRESS, AgentRuns.port(echo)));

        assertEquals(List.of("exception java.net.SocketTimeoutException: sockd 10.231.1.1:"
                + stalled.port() + ": waiting for the SOCKS4 reply for " + OUTSIDE_ADDRESS + ":"
                + echo.port() + ": timed out after 1500 ms (the bound of a connect without a"
                + " timeout, PMSOCKS_CONNECT_TIMEOUT)"), result.stdoutLines(),
                result.describe("new Socket(host, port) through a silent sockd"));
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
