package io.pmsocks.testkit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.pmsocks.testkit.Topology.FIREWALL_INSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Closing a topology leaves nothing behind: no namespace, no process, no folder, no /etc/netns hosts file. */
class TopologyCleanupIT {

    @BeforeAll
    static void requireRoot() {
        Requirements.assumeDante();
    }

    @Test
    void closeEndsEveryProcessAndRemovesNamespacesAndFolder() {
        Topology topology = Topology.create();
        List<String> names = topology.namespaces().stream().map(Namespace::name).toList();
        Path directory = topology.directory();
        assertTrue(listedNamespaces().containsAll(names), "created namespaces are listed");

        topology.firewall().writeHosts(java.util.Map.of("fw-only.test", OUTSIDE_ADDRESS));
        Path hostsFolder = Namespace.ETC_NETNS.resolve(topology.firewall().name());
        assertTrue(Files.exists(hostsFolder.resolve("hosts")), "the firewall's own hosts file is written");
        Dante dante = Dante.start(topology.firewall(), DanteConfig.firewall(1080));
        TestServer echo = TestServer.echo(topology.outside(), OUTSIDE_ADDRESS, 7000);
        TestServer stalled = TestServer.stalled(topology.firewall(), FIREWALL_INSIDE_ADDRESS, 1099);
        // a process that escapes its starter (setsid -f forks and exits): only the namespace sweep can find it
        topology.inside().run(Duration.ofSeconds(10), "setsid", "-f", "sleep", "600").requireSuccess();

        List<Long> pids = new ArrayList<>();
        dante.processes().forEach(process -> pids.add(process.pid()));
        pids.add(echo.process().pid());
        pids.add(stalled.process().pid());
        List<Long> insidePids = topology.inside().pids();
        assertEquals(1, insidePids.size(), "the escaped sleep runs inside: " + insidePids);
        pids.addAll(insidePids);
        assertTrue(dante.processes().size() > 1, "danted runs with its children: " + dante.processes());
        pids.forEach(pid -> assertTrue(ChildProcess.isRunning(pid), "running before close: " + pid));

        topology.close();

        pids.forEach(pid -> assertFalse(ChildProcess.isRunning(pid), "still running after close: " + pid));
        List<String> listed = listedNamespaces();
        names.forEach(name -> assertFalse(listed.contains(name), name + " still listed: " + listed));
        assertFalse(topology.anyNamespaceListed());
        assertFalse(Files.exists(directory), directory + " still exists");
        assertFalse(Files.exists(hostsFolder), hostsFolder + " still exists");
        assertThrows(IllegalStateException.class, () -> topology.inside().start(List.of("true")),
                "a closed topology starts nothing");
        topology.close(); // a second close is harmless
    }

    @Test
    void onlyTheTestRangeCanBeConfigured() {
        try (Topology topology = Topology.create()) {
            assertThrows(IllegalArgumentException.class, () -> topology.addOutsideAddress("192.168.1.1"));
            assertThrows(IllegalArgumentException.class, () -> topology.addFirewallInsideAddress("10.231.2.9"));
            assertThrows(IllegalArgumentException.class,
                    () -> topology.outside().addAddress(Topology.OUTSIDE_DEVICE, "10.0.0.1/8"));
            assertThrows(IllegalArgumentException.class,
                    () -> topology.firewall().writeHosts(java.util.Map.of("real.test", "192.168.1.1")));
            assertThrows(IllegalArgumentException.class,
                    () -> topology.firewall().writeHosts(java.util.Map.of("v6.test", "2001:db8::1")));
            topology.addFirewallInsideAddress("10.231.1.3");
            String addresses = topology.firewall().ip("-4", "-o", "addr", "show", "dev",
                    Topology.FIREWALL_INSIDE_DEVICE).stdout();
            assertTrue(addresses.contains("10.231.1.3/24"), addresses);
        }
    }

    private static List<String> listedNamespaces() {
        try (LocalHost host = LocalHost.create()) {
            return host.run(Duration.ofSeconds(10), Executables.ip().toString(), "netns", "list").requireSuccess().stdoutLines().stream()
                    .map(line -> line.split("\\s+")[0])
                    .toList();
        }
    }
}
