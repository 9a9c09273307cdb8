package io.pmsocks.agent.it;

import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.testkit.ChildJvm;
import io.pmsocks.testkit.CommandResult;
import io.pmsocks.testkit.FirewallFixture;
import io.pmsocks.testkit.LocalHost;
import io.pmsocks.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the JDK itself answers, without the agent: a {@link HardeningProbe} mode run on
 * loopback against an echo server of its own, so that a test can require the agent to leave
 * the JDK's exceptions (whose texts differ between JDK versions) exactly as they are.
 */
final class JdkOwnBehaviour {

    private static final Duration RUN = Duration.ofSeconds(60);

    private JdkOwnBehaviour() {
    }

    /** {@code HardeningProbe MODE 127.0.0.1 ECHO 127.0.0.1 9} without the agent. */
    static CommandResult of(String mode) {
        try (LocalHost local = LocalHost.create();
                TestServer echo = TestServer.echoWithGreeting(local, "127.0.0.1", 0)) {
            return ChildJvm.forMainClass(HardeningProbe.class)
                    .withArguments(mode, "127.0.0.1", Integer.toString(echo.port()), "127.0.0.1",
                            "9")
                    .runIn(local, RUN);
        }
    }

    /**
     * Runs {@code HardeningProbe MODE}, whose first connect goes through the fixture's Dante
     * and whose later connects on the same socket or channel go to a destination that a deny
     * rule with a {@code shell_cmd} covers, and requires the output of the same probe without
     * the agent: the JDK's own exceptions (their texts differ between JDKs), the connection
     * alive, and no shell command run.
     */
    static void assertLeftToTheJdk(FirewallFixture firewall, Path shellWitness, String mode) {
        Path config = firewall.config("deny " + OUTSIDE_ADDRESS + " 255.255.255.255 eq 9 : touch "
                + shellWitness, "sockd @=" + FirewallFixture.SOCKD + " ALL");

        CommandResult result = AgentRuns.runInside(firewall, HardeningProbe.class, config,
                Map.of(), mode, OUTSIDE_ADDRESS, AgentRuns.port(firewall.echo()), OUTSIDE_ADDRESS,
                "9");
        CommandResult jdk = of(mode);

        assertEquals(jdk.stdoutLines(), result.stdoutLines(), result.describe(mode)
                + "\nthe JDK's own answers, without the agent: " + jdk.describe("without agent"));
        assertTrue(result.stdoutLines().contains("echo still here"), "the connection lives");
        assertFalse(Files.exists(shellWitness),
                "no shell command may run for a connect the JDK refuses");
    }
}
