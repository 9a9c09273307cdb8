package io.pmsocks.agent.it;

import io.pmsocks.testkit.ChildJvm;
import io.pmsocks.testkit.FirewallFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The agent ITs' helpers for a child JVM outside {@link FirewallFixture}: the packaged agent, configuration files
 * in a folder of the test's choosing.
 */
final class AgentRuns {

    private AgentRuns() {
    }

    /** The shaded agent jar the build packaged (Failsafe passes its path). */
    static Path agentJar() {
        return FirewallFixture.agentJar();
    }

    /** A configuration file in {@code directory} holding {@code lines}. */
    static Path config(Path directory, String... lines) throws IOException {
        Path file = Files.createTempFile(directory, "pcp_socks", ".conf");
        Files.write(file, List.of(lines));
        return file;
    }

    /** {@code jvm} with the agent reading {@code config} and the variables added. */
    static ChildJvm withAgent(ChildJvm jvm, Path config, Map<String, String> environment) {
        return FirewallFixture.withAgent(jvm, config, environment);
    }
}
