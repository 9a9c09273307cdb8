package io.pmsocks.agent.it;

import io.pmsocks.testkit.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What the agent ITs share: the packaged agent, configuration files, child environments. */
final class AgentRuns {

    private AgentRuns() {
    }

    /** The shaded agent jar the build packaged (Failsafe passes its path). */
    static Path agentJar() {
        return Path.of(System.getProperty("pmsocks.agent.jar"));
    }

    /** A configuration file in {@code directory} holding {@code lines}. */
    static Path config(Path directory, String... lines) throws IOException {
        Path file = Files.createTempFile(directory, "pcp_socks", ".conf");
        Files.write(file, List.of(lines));
        return file;
    }

    /** {@code jvm} with the agent reading {@code config} and the variables added. */
    static ChildJvm withAgent(ChildJvm jvm, Path config, Map<String, String> environment) {
        ChildJvm configured = jvm.withAgent(agentJar(), "config=" + config);
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            configured = configured.withEnvironment(variable.getKey(), variable.getValue());
        }
        return configured;
    }
}
