package io.pmsocks.agent.it;

import static io.pmsocks.testkit.Topology.FIREWALL_INSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.config.ConfigLoader;
import io.pmsocks.testkit.ChildJvm;
import io.pmsocks.testkit.ChildProcess;
import io.pmsocks.testkit.CommandResult;
import io.pmsocks.testkit.FirewallFixture;
import io.pmsocks.testkit.NameServer;
import io.pmsocks.testkit.Requirements;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the agent does between and around connects, seen from a real application in a child
 * JVM inside the namespace firewall: a hung {@code shell_cmd} bounded by the connect's
 * timeout, a sockd name looked up once for many connects, the configuration's warnings
 * printed once.
 */
class AgentRuntimeIT {

    private static final Duration STEP = Duration.ofSeconds(30);

    @RegisterExtension
    static final FirewallFixture firewall = FirewallFixture.standard();

    @Test
    void hungShellCommandIsKilledAtTheConnectTimeoutAndTheConnectTimesOut() throws Exception {
        // sleep's argument marks its process: a number of seconds no other process has
        String marker = "1000." + System.nanoTime();
        // "; true" keeps the shell as the sleep's parent: the whole tree must go
        Path config = firewall.config("sockd @=" + FirewallFixture.SOCKD + " ALL : sleep " + marker
                + "; true");

        CommandResult result = firewall.runInside(firewall.agentJvm(ConnectProbe.class, config,
                Map.of("SOCKS_DEBUG", "1")).withArguments("connect", OUTSIDE_ADDRESS, echoPort(),
                "1000"));

        assertEquals(List.of("exception java.net.SocketTimeoutException: " + config
                + ":1: shell command: timed out after 1 s"), result.stdoutLines(),
                result.describe("the connect must time out"));
        assertTrue(result.stderrLines().contains("[pmsocks] line 1: shell command still running"
                + " after 1 s: killed it and the 1 process(es) it started"), result.stderr());
        assertGone(marker);
    }

    @Test
    void hungShellCommandOfADirectChannelConnectIsKilledAtItsTimeout() throws Exception {
        String marker = "1000." + System.nanoTime();
        Path config = firewall.config("direct ALL : sleep " + marker + "; true");

        CommandResult result = connects(1, firewall.agentJvm(RepeatedConnectProbe.class, config,
                Map.of()).withArguments(OUTSIDE_ADDRESS, echoPort(), "1000", "adaptor"));

        assertEquals(List.of("1 exception java.net.SocketTimeoutException: " + config
                + ":1: shell command: timed out after 1 s"), result.stdoutLines(),
                result.describe("the connect must time out"));
        assertGone(marker);
    }

    @Test
    void sockdNameIsLookedUpOnceForManyConnects() throws Exception {
        Requirements.assumeDanteAndNameServer();
        Path config = firewall.config("sockd @=fw.pmsocks.test:" + FirewallFixture.SOCKD_PORT
                + " ALL");
        NameServer dns = NameServer.start(firewall.firewall(), FIREWALL_INSIDE_ADDRESS,
                Map.of("fw.pmsocks.test", FIREWALL_INSIDE_ADDRESS));
        try (ChildProcess client = firewall.startInside(firewall.agentJvm(
                RepeatedConnectProbe.class, config, Map.of("SOCKS_NS", dns.address()))
                .withArguments(OUTSIDE_ADDRESS, echoPort(), "5000"))) {

            connectOnce(client, 1);
            // Gone after the first lookup: the next connects can only use what was kept.
            dns.close();
            connectOnce(client, 2);
            connectOnce(client, 3);
            client.stdin().close();
            CommandResult result = client.awaitResult(FirewallFixture.RUN);

            assertEquals(List.of("1 connected", "2 connected", "3 connected"),
                    result.stdoutLines(), result.describe("a connect failed"));
        } finally {
            dns.close();
        }
    }

    @Test
    void configurationWarningsArePrintedOnceOnStderrWithoutDebug() throws Exception {
        String[] lines = {"sockd 10.231.9.0 255.255.255.0",
            "deny *=/nonexistent/pmsocks-users ALL", "deny ALL"};
        Path config = firewall.config(lines);
        List<String> expected = new ArrayList<>();
        ConfigLoader.withoutNameResolution()
                .load(config.toString(), String.join("\n", lines) + "\n", null).warnings()
                .forEach(warning -> expected.add("[pmsocks] " + warning));

        CommandResult result = connects(3, firewall.agentJvm(RepeatedConnectProbe.class, config,
                Map.of()).withArguments(OUTSIDE_ADDRESS, "44321", "5000"));

        String denied = " exception java.net.ConnectException: connect to " + OUTSIDE_ADDRESS
                + ":44321 denied by " + config + ":3";
        assertEquals(List.of("1" + denied, "2" + denied, "3" + denied), result.stdoutLines(),
                result.describe("three connects"));
        assertEquals(2, expected.size(), expected.toString());
        assertEquals(expected, result.stderrLines(), result.stderr());
    }

    // ---------------------------------------------------------------------------------------

    /** Runs a {@link RepeatedConnectProbe} through {@code count} connects to its end. */
    private static CommandResult connects(int count, ChildJvm probe) throws IOException {
        try (ChildProcess client = firewall.startInside(probe)) {
            try (OutputStream stdin = client.stdin()) {
                stdin.write("connect\n".repeat(count).getBytes(StandardCharsets.UTF_8));
            }
            return client.awaitResult(FirewallFixture.RUN);
        }
    }

    private static void connectOnce(ChildProcess client, int number) throws IOException {
        client.stdin().write("connect\n".getBytes(StandardCharsets.UTF_8));
        client.stdin().flush();
        client.awaitStdoutLine(line -> line.startsWith(number + " "), STEP);
    }

    /** No process is left with {@code marker} on its command line; any left is killed. */
    private static void assertGone(String marker) throws Exception {
        List<Long> left = ProcessTable.awaitNoneWithArgument(marker, Duration.ofSeconds(10));
        left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        assertEquals(List.of(), left, "the sleep must be gone");
    }

    private static String echoPort() {
        return Integer.toString(firewall.echo().port());
    }
}
