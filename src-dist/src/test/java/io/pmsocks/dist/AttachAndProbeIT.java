package io.pmsocks.dist;

import static io.pmsocks.dist.UnpackedDistribution.command;
import static io.pmsocks.testkit.Topology.FIREWALL_INSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.FIREWALL_OUTSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.INSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.dist.UnpackedDistribution.Run;
import io.pmsocks.launcher.ExitStatus;
import io.pmsocks.testkit.ChildJvm;
import io.pmsocks.testkit.ChildProcess;
import io.pmsocks.testkit.CommandResult;
import io.pmsocks.testkit.Dante;
import io.pmsocks.testkit.DanteConfig;
import io.pmsocks.testkit.FirewallFixture;
import io.pmsocks.testkit.TestServer;
import io.pmsocks.testkit.Topology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --attach} and {@code --probe} of the unpacked tarball against a real Dante sockd in
 * a namespace firewall (see pmsocks-testkit): the inside host reaches the outside one only
 * through sockd, so a connect that gets through was routed, and the echo server's greeting
 * names the peer it saw (the firewall's outside address when it came through Dante).
 */
class AttachAndProbeIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final FirewallFixture firewall = FirewallFixture.standard();

    private static Topology topology;
    private static Dante dante;
    private static TestServer echo;

    @TempDir
    Path directory;

    @BeforeAll
    static void nameTheFirewall() {
        topology = firewall.topology();
        dante = firewall.dante();
        echo = firewall.echo();
    }

    private Path config(String... lines) throws IOException {
        return Files.write(Files.createTempFile(directory, "pcp_socks", ".conf"), List.of(lines));
    }

    private static void send(ChildProcess process, String line) throws IOException {
        process.stdin().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.stdin().flush();
    }

    private static long count(ChildProcess process, String prefix) {
        return process.stdoutLines().stream().filter(line -> line.startsWith(prefix)).count();
    }

    // --attach

    @Test
    void attachRoutesTheNextConnectOfARunningJvm() throws Exception {
        Path config = config("sockd @=" + FIREWALL_INSIDE_ADDRESS + ":1080 ALL");
        String request = OUTSIDE_ADDRESS + " " + echo.port() + " 1000";
        try (ChildProcess client = ChildJvm.forMainClass(ConnectClient.class)
                .withArguments("--stdin").startIn(topology.inside())) {
            client.awaitStdoutLine("ready"::equals, WAIT);

            // before: a direct connect, which the firewall drops
            send(client, request);
            assertTrue(client.awaitStdoutLine(line -> line.startsWith("exception "), WAIT)
                    .startsWith("exception java.net.SocketTimeoutException"), client.stdout());

            Run attach = UnpackedDistribution.run(directory, UnpackedDistribution.environment(),
                    command(UnpackedDistribution.pmsocks(), "--config", config, "--attach",
                            client.pid()));
            assertEquals(0, attach.status(), attach.describe() + client.describe("the target"));
            assertEquals("process " + client.pid() + ": Java agent loaded, rules from " + config
                    + "\n", attach.out());

            // after: the same connect goes through Dante
            send(client, request);
            String greeting = client.awaitStdoutLine(line -> line.startsWith("line peer "), WAIT);
            assertTrue(greeting.startsWith("line peer " + FIREWALL_OUTSIDE_ADDRESS + ":"),
                    client.stdout());
            assertEquals(1, count(client, "connected peer=" + OUTSIDE_ADDRESS + ":" + echo.port()),
                    "the routed socket reports the real destination: " + client.stdout());
            dante.awaitConnectsLoggedTo(OUTSIDE_ADDRESS, echo.port(), 1, WAIT);
        }
    }

    @Test
    void anAgentThatCannotStartInTheTargetFailsTheAttachButNotTheTarget() throws Exception {
        Path config = config("sockd @=" + FIREWALL_INSIDE_ADDRESS + ":1080 ALL");
        try (ChildProcess client = ChildJvm.forMainClass(ConnectClient.class)
                .withEnvironment("SOCKS_PORT", "ten-eighty")
                .withArguments("--stdin").startIn(topology.inside())) {
            client.awaitStdoutLine("ready"::equals, WAIT);

            Run attach = UnpackedDistribution.run(directory, UnpackedDistribution.environment(),
                    command(UnpackedDistribution.pmsocks(), "--config", config, "--attach",
                            client.pid()));
            assertEquals(ExitStatus.ATTACH_FAILED, attach.status(), attach.describe());
            assertTrue(attach.err().startsWith("pmsocks: the Java agent could not start in process "
                    + client.pid()), attach.err());
            assertTrue(client.stderr().contains("SOCKS_PORT: error: not a TCP port number:"
                    + " 'ten-eighty'"), client.stderr());
            assertTrue(client.isAlive(), "the agent must never end the target JVM");
        }
    }

    // --probe

    @Test
    void probeShowsEachStepThroughDanteUpAndThenDown() throws Exception {
        String target = OUTSIDE_ADDRESS + ":" + echo.port();
        Path config = config("direct 10.231.1.0 255.255.255.0",
                "sockd @=" + FIREWALL_INSIDE_ADDRESS + ":1081 ALL");
        List<String> probe = command(UnpackedDistribution.pmsocks(), "--config", config,
                "--probe", target);
        Map<String, String> environment = UnpackedDistribution.environment();

        try (Dante second = Dante.start(topology.firewall(), DanteConfig.firewall(1081))) {
            CommandResult up = topology.inside().run(WAIT, probe, environment);
            assertEquals(0, up.exitCode(), up.describe("probe failed"));
            assertTrue(up.stdout().matches("connected to " + target + " \\(" + target + "\\) from "
                    + INSIDE_ADDRESS + ":\\d+\n"), up.stdout());
            List<String> steps = up.stderrLines();
            assertTrue(steps.contains("[pmsocks] connect " + target + ": sockd "
                    + FIREWALL_INSIDE_ADDRESS + ":1081 (line 2)"), up.stderr());
            assertTrue(steps.stream().anyMatch(line -> line.startsWith("[pmsocks] sockd "
                    + FIREWALL_INSIDE_ADDRESS + ":1081: connected from /" + INSIDE_ADDRESS)),
                    up.stderr());
            assertTrue(steps.contains("[pmsocks] sockd " + FIREWALL_INSIDE_ADDRESS
                    + ":1081: reply 90 (granted)"), up.stderr());
            second.awaitConnectsLoggedTo(OUTSIDE_ADDRESS, echo.port(), 1, WAIT);
        }

        CommandResult down = topology.inside().run(WAIT, probe, environment);
        assertEquals(ExitStatus.PROBE_FAILED, down.exitCode(), down.describe("probe without sockd"));
        assertEquals("not connected: java.net.ConnectException: sockd " + FIREWALL_INSIDE_ADDRESS
                + ":1081 refused the connection\n", down.stdout());
        assertTrue(down.stderrLines().contains("[pmsocks] connect " + target + ": sockd "
                + FIREWALL_INSIDE_ADDRESS + ":1081 (line 2)"), down.stderr());
    }

    @Test
    void probeOfADirectDestinationConnectsWithoutSockd() throws Exception {
        TestServer inside = TestServer.echoWithGreeting(topology.firewall(),
                FIREWALL_INSIDE_ADDRESS, 0);
        try {
            String target = FIREWALL_INSIDE_ADDRESS + ":" + inside.port();
            Path config = config("direct 10.231.1.0 255.255.255.0",
                    "sockd @=" + FIREWALL_INSIDE_ADDRESS + ":1080 ALL");
            CommandResult result = topology.inside().run(WAIT, command(
                    UnpackedDistribution.pmsocks(), "--config", config, "--probe", target),
                    UnpackedDistribution.environment());
            assertEquals(0, result.exitCode(), result.describe("probe failed"));
            assertTrue(result.stderrLines().contains("[pmsocks] connect " + target
                    + ": direct (line 1)"), result.stderr());
            assertTrue(dante.connectsLoggedTo(FIREWALL_INSIDE_ADDRESS, inside.port()).isEmpty());
        } finally {
            inside.close();
        }
    }
}
