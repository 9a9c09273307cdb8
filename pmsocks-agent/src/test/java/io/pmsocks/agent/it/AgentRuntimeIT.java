package io.pmsocks.agent.it;

import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.testkit.ChildJvm;
import io.pmsocks.testkit.CommandResult;
import io.pmsocks.testkit.Dante;
import io.pmsocks.testkit.DanteConfig;
import io.pmsocks.testkit.Requirements;
import io.pmsocks.testkit.TestServer;
import io.pmsocks.testkit.Topology;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the agent does between and around connects, seen from a real application in a child
 * JVM inside the namespace firewall: a hung {@code shell_cmd} bounded by the connect's
 * timeout.
 */
class AgentRuntimeIT {

    private static final Duration RUN = Duration.ofSeconds(60);

    private static Topology topology;
    private static Dante dante;
    private static TestServer echo;

    @TempDir
    Path directory;

    @BeforeAll
    static void startFirewall() {
        Requirements.assumeDante();
        topology = Topology.create();
        dante = Dante.start(topology.firewall(), DanteConfig.firewall(1080));
        echo = TestServer.echoWithGreeting(topology.outside(), OUTSIDE_ADDRESS, 0);
    }

    @AfterAll
    static void stopFirewall() {
        if (echo != null) {
            echo.close();
        }
        if (dante != null) {
            dante.close();
        }
        if (topology != null) {
            topology.close();
        }
    }

    @Test
    void hungShellCommandIsKilledAtTheConnectTimeoutAndTheConnectTimesOut() throws Exception {
        // sleep's argument marks its process: a number of seconds no other process has
        String marker = "1000." + System.nanoTime();
        // "; true" keeps the shell as the sleep's parent: the whole tree must go
        Path config = config("sockd @=10.231.1.1:1080 ALL : sleep " + marker + "; true");

        CommandResult result = run(AgentRuns.withAgent(ChildJvm.forMainClass(ConnectProbe.class),
                config, Map.of("SOCKS_DEBUG", "1"))
                .withArguments("connect", OUTSIDE_ADDRESS, port(echo), "1000"));

        assertEquals(List.of("exception java.net.SocketTimeoutException: " + config
                + ":1: shell command: timed out after 1 s"), result.stdoutLines(),
                result.describe("the connect must time out"));
        assertTrue(result.stderrLines().contains("[pmsocks] line 1: shell command still running"
                + " after 1 s: killed it and the 1 process(es) it started"), result.stderr());
        assertEquals(List.of(), ProcessTable.withArgument(marker), "the sleep must be gone");
    }

    // ---------------------------------------------------------------------------------------

    private static CommandResult run(ChildJvm jvm) {
        return jvm.runIn(topology.inside(), RUN);
    }

    private Path config(String... lines) throws IOException {
        return AgentRuns.config(directory, lines);
    }

    private static String port(TestServer server) {
        return Integer.toString(server.port());
    }
}
