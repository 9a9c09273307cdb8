package io.pmsocks.agent.it;

import static io.pmsocks.testkit.Topology.FIREWALL_INSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.agent.it.ReliabilityProbe.Mode;
import io.pmsocks.testkit.ChildJvm;
import io.pmsocks.testkit.ChildProcess;
import io.pmsocks.testkit.CommandResult;
import io.pmsocks.testkit.FakeSocksBehaviour;
import io.pmsocks.testkit.FirewallFixture;
import io.pmsocks.testkit.Namespace;
import io.pmsocks.testkit.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The agent under load and under failure, in a child JVM inside the namespace firewall with a real Dante: Dante
 * killed and restarted under a running client, many threads connecting at once, and thousands of failed connects of
 * every kind without a file descriptor left open, each for a Socket, a blocking and a non-blocking channel.
 *
 * <p>Every build runs short versions. {@code mvn -Plong} (system property
 * {@value #LONG_PROPERTY}{@code =true}) runs the long ones: 10 kill/restart cycles, 1 000 threads x 100 connects,
 * 10 000 failed connects of each kind per mode. The random choices (the order of failure kinds) come from the seed
 * {@value #SEED_PROPERTY}, a new one each run unless given; every failure message quotes it.
 */
class ReliabilityIT {

    static final String LONG_PROPERTY = "pmsocks.reliability.long";
    static final String SEED_PROPERTY = "pmsocks.reliability.seed";
    private static final boolean LONG = Boolean.getBoolean(LONG_PROPERTY);
    private static final long SEED = Long.getLong(SEED_PROPERTY, System.nanoTime());

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SOCKD = FirewallFixture.SOCKD;

    @RegisterExtension
    static final FirewallFixture firewall = FirewallFixture.standard();

    private static TestServer echo;

    @BeforeAll
    static void nameTheServers() {
        echo = firewall.echo();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Dante killed and restarted

    @Test
    void connectsFailClearlyWhileDanteIsDownAndSucceedAgainOnceItIsBackWithoutRestartingTheClient()
            throws IOException {
        int cycles = LONG ? 10 : 1;
        int connectsEachPhase = LONG ? 300 : 30;
        Path config = firewall.config("sockd @=" + SOCKD + " ALL");
        ChildProcess client = firewall.startInside(firewall.agentJvm(ReliabilityProbe.class, config, Map.of())
                .withArguments("loop", OUTSIDE_ADDRESS, Integer.toString(echo.port())));

        List<Integer> kills = new ArrayList<>();
        List<Integer> restarts = new ArrayList<>();
        awaitLines(client, 0, "ok ", connectsEachPhase);
        for (int cycle = 0; cycle < cycles; cycle++) {
            kills.add(client.stdoutLines().size());
            firewall.killDante();
            int stopped = client.stdoutLines().size();
            awaitLines(client, stopped, "error ", connectsEachPhase);
            firewall.startDante();
            int started = client.stdoutLines().size();
            restarts.add(started);
            awaitLines(client, started, "ok ", connectsEachPhase);
        }
        client.stdin().write("stop\n".getBytes(StandardCharsets.UTF_8));
        client.stdin().flush();
        client.awaitStdoutLine("done"::equals, WAIT);
        client.awaitExit(WAIT);

        List<String> lines = client.stdoutLines();
        // the measurement, for the build log
        System.out.println("ReliabilityIT " + seeded(cycles + " Dante restarts: " + lines.stream()
                .filter(line -> line.startsWith("ok ")).count() + " connects succeeded, the failures were "
                + lines.stream().filter(line -> line.startsWith("error "))
                        .collect(Collectors.groupingBy(line -> line, TreeMap::new,
                                Collectors.counting()))));
        List<String> unclear = lines.stream()
                .filter(line -> line.startsWith("error ") && !line.contains(SOCKD))
                .toList();
        assertEquals(List.of(), unclear, seeded("every failure must name the sockd it could not use"));
        // a connection Dante was relaying when it was killed is lost, and only such a one
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("lost ")) {
                int line = i;
                assertTrue(IntStream.range(0, kills.size())
                                .anyMatch(c -> line >= kills.get(c) && line < restarts.get(c)),
                        seeded("line " + i + " lost a connection while Dante ran: " + lines.get(i)));
            }
        }
        assertTrue(lines.subList(0, kills.get(0)).stream().allMatch(line -> line.startsWith("ok ")),
                seeded("before the first kill every connect succeeds: " + lines.subList(0, kills.get(0))));
        for (int restart : restarts) {
            List<String> after = lines.subList(restart, lines.size());
            int firstOk = indexOf(after, line -> line.startsWith("ok "));
            int nextStop = indexOf(after.subList(firstOk, after.size()), line -> line.startsWith("error "));
            List<String> recovered = after.subList(firstOk, nextStop < 0 ? after.size() : firstOk + nextStop);
            for (Mode mode : Mode.values()) {
                assertTrue(recovered.contains("ok " + mode), seeded("after the restart at line " + restart
                        + " no " + mode + " connect succeeded: " + recovered));
            }
        }
        firewall.dante().awaitConnectsLoggedTo(OUTSIDE_ADDRESS, echo.port(), connectsEachPhase,
                FirewallFixture.LOG_WAIT);
    }

    // ---------------------------------------------------------------------------------------------------------
    // many threads at once

    @Test
    void manyThreadsConnectThroughDanteAtOnceWithoutAnError() {
        int threads = LONG ? 1000 : 20;
        int connects = LONG ? 100 : 20;
        // tens of thousands of short connections: more ports, and TIME_WAIT ports reused, where they are opened
        for (Namespace namespace : List.of(firewall.inside(), firewall.firewall())) {
            namespace.run(WAIT, "sysctl", "-q", "-w", "net.ipv4.ip_local_port_range=1024 65000",
                    "net.ipv4.tcp_tw_reuse=1").requireSuccess();
        }
        int before = firewall.dante().connectsLoggedTo(OUTSIDE_ADDRESS, echo.port()).size();
        Path config = firewall.config("sockd @=" + SOCKD + " ALL");

        CommandResult result = firewall.agentJvm(ReliabilityProbe.class, config, Map.of())
                .withArguments("concurrent", Integer.toString(threads), Integer.toString(connects), OUTSIDE_ADDRESS,
                        Integer.toString(echo.port()))
                .runIn(firewall.inside(), LONG ? Duration.ofMinutes(60) : WAIT);

        System.out.println("ReliabilityIT " + threads + " threads x " + connects + " connects: "
                + result.stdoutLines());
        assertEquals(List.of("done ok=" + threads * connects + " errors=0"), result.stdoutLines(),
                result.describe(threads + " x " + connects + " connects"));
        firewall.dante().awaitConnectsLoggedTo(OUTSIDE_ADDRESS, echo.port(), before + threads * connects,
                FirewallFixture.LOG_WAIT);
    }

    // ---------------------------------------------------------------------------------------------------------
    // no descriptor leaked by failed connects

    @ParameterizedTest
    @EnumSource(Mode.class)
    void failedConnectsOfEveryKindLeaveNoDescriptorOpen(Mode mode) {
        int rounds = LONG ? 10_000 : 30;
        // the application's timeout (a Socket's, a selector's) and PMCD_CONNECT_TIMEOUT for the stalled sockd
        int timeoutMs = LONG ? 50 : 250;
        try (TestServer garbage = TestServer.fakeSocks(firewall.firewall(), FIREWALL_INSIDE_ADDRESS, 0,
                FakeSocksBehaviour.garbage());
             TestServer stalled = TestServer.stalled(firewall.firewall(), FIREWALL_INSIDE_ADDRESS, 0)) {
            // one destination per failure kind, and what its first failure must say
            Map<String, String> kinds = new LinkedHashMap<>();
            kinds.put("10.231.2.10:7", "denied by");
            kinds.put("10.231.2.14:7", "no rule");
            kinds.put("10.231.2.11:7", FIREWALL_INSIDE_ADDRESS + ":" + FirewallFixture.CLOSED_PORT);
            kinds.put(FirewallFixture.BLOCKED_ADDRESS + ":7", "91");
            kinds.put("10.231.2.12:7", FIREWALL_INSIDE_ADDRESS + ":" + garbage.port());
            kinds.put("10.231.2.13:44321", "java.net.SocketTimeoutException");
            Path config = firewall.config(
                    "deny 10.231.2.10 255.255.255.255",
                    "sockd @=" + FIREWALL_INSIDE_ADDRESS + ":" + FirewallFixture.CLOSED_PORT
                            + " 10.231.2.11 255.255.255.255",
                    "sockd @=" + SOCKD + " " + FirewallFixture.BLOCKED_ADDRESS + " 255.255.255.255",
                    "sockd @=" + FIREWALL_INSIDE_ADDRESS + ":" + garbage.port() + " 10.231.2.12 255.255.255.255",
                    "sockd @=" + FIREWALL_INSIDE_ADDRESS + ":" + stalled.port() + " 10.231.2.13 255.255.255.255",
                    "direct 10.231.1.0 255.255.255.0");
            List<String> arguments = new ArrayList<>(List.of("fds", mode.name(), Long.toString(SEED),
                    Integer.toString(rounds), Integer.toString(timeoutMs)));
            arguments.addAll(kinds.keySet());
            ChildJvm jvm = firewall.agentJvm(ReliabilityProbe.class, config,
                    Map.of("PMCD_CONNECT_TIMEOUT", Double.toString(timeoutMs / 1000.0))).withArguments(arguments);

            CommandResult result = jvm.runIn(firewall.inside(), LONG ? Duration.ofMinutes(90) : WAIT);

            assertEquals(0, result.exitCode(), result.describe(seeded(mode + " probe failed")));
            for (Map.Entry<String, String> kind : kinds.entrySet()) {
                String first = result.stdoutLines().stream()
                        .filter(line -> line.startsWith("first " + kind.getKey() + " "))
                        .findFirst().orElse("none");
                assertTrue(first.contains(kind.getValue()), seeded(mode + ": the first failure for "
                        + kind.getKey() + " must say '" + kind.getValue() + "': " + first));
            }
            Matcher fds = Pattern.compile("fds before=(\\d+) max=(\\d+) after=(\\d+) failures=(\\d+)")
                    .matcher(result.stdoutLines().get(result.stdoutLines().size() - 1));
            assertTrue(fds.matches(), result.describe("no descriptor count"));
            String counts = seeded(mode + ", " + rounds * kinds.size() + " failed connects: " + fds.group());
            // the measurement, for the build log
            System.out.println("ReliabilityIT " + counts + "; first failures: " + result.stdoutLines().stream()
                    .filter(line -> line.startsWith("first ")).toList());
            assertEquals(List.of(), result.stdoutLines().stream().filter(line -> line.startsWith("unexpected "))
                    .toList(), counts);
            assertEquals(rounds * kinds.size(), Integer.parseInt(fds.group(4)), counts);
            assertEquals(fds.group(1), fds.group(3), "descriptors left open: " + counts);
            assertEquals(fds.group(1), fds.group(2), "descriptors open between connects: " + counts);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Waits until {@code client} has printed {@code count} lines starting with {@code prefix} after line {@code from}. */
    private static void awaitLines(ChildProcess client, int from, String prefix, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<String> lines = client.stdoutLines();
            long found = lines.subList(Math.min(from, lines.size()), lines.size()).stream()
                    .filter(line -> line.startsWith(prefix)).count();
            if (found >= count) {
                return;
            }
            if (System.nanoTime() > deadline || !client.isAlive()) {
                throw new AssertionError(client.describe(seeded("printed " + found + " of " + count + " '"
                        + prefix.strip() + "' lines after line " + from + " within " + WAIT)));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private static int indexOf(List<String> lines, Predicate<String> wanted) {
        for (int i = 0; i < lines.size(); i++) {
            if (wanted.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String seeded(String message) {
        return message + " (-D" + SEED_PROPERTY + "=" + SEED + (LONG ? ", long run" : "") + ")";
    }
}
