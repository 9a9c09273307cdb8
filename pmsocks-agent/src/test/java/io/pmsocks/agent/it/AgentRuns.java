package io.pmsocks.agent.it;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.Future;
import io.pmsocks.testkit.ChildJvm;
import io.pmsocks.testkit.CommandResult;
import io.pmsocks.testkit.FakeSocksBehaviour;
import io.pmsocks.testkit.FirewallFixture;
import io.pmsocks.testkit.TestServer;
import io.pmsocks.testkit.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** The echo server's greeting names the client's port, which changes with every run. */
    static List<String> withoutPeerPort(List<String> lines) {
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            kept.add(line.startsWith("line peer ") ? line.replaceFirst(":\\d+$", "") : line);
        }
        return kept;
    }

    /** {@code main} with the agent reading {@code config}, run in the fixture's inside namespace. */
    static CommandResult runInside(FirewallFixture firewall, Class<?> main, Path config,
            Map<String, String> environment, String... arguments) {
        return firewall.runInside(firewall.agentJvm(main, config, environment)
                .withArguments(arguments));
    }

    /** {@link ChannelProbe} with the agent reading {@code config}, and the Netty it uses. */
    static ChildJvm channelProbe(FirewallFixture firewall, Path config,
            Map<String, String> environment) {
        return firewall.agentJvm(ChannelProbe.class, config, environment)
                .withClasspath(nettyJars());
    }

    /** Only Netty's jars: the test class path also holds the agent's classes unshaded. */
    private static Path[] nettyJars() {
        Set<Path> jars = new LinkedHashSet<>();
        for (Class<?> type : List.of(Bootstrap.class, ByteBuf.class, Future.class,
                AddressResolverGroup.class)) {
            jars.add(ChildJvm.locationOf(type));
        }
        return jars.toArray(Path[]::new);
    }

    /** A fake SOCKS server on the firewall's inside leg; the fixture ends it with the namespaces. */
    static TestServer fakeSocks(FirewallFixture firewall, FakeSocksBehaviour behaviour) {
        return TestServer.fakeSocks(firewall.firewall(), Topology.FIREWALL_INSIDE_ADDRESS, 0,
                behaviour);
    }

    /** A server's port as a program argument. */
    static String port(TestServer server) {
        return Integer.toString(server.port());
    }
}
