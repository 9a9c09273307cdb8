package io.pmsocks.pcpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.testkit.CommandResult;
import io.pmsocks.testkit.LocalHost;
import io.pmsocks.testkit.Pmcd;
import io.pmsocks.testkit.Pminfo;
import io.pmsocks.testkit.Requirements;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client against a real pmcd (PCP's own, started by the test kit's {@link Pmcd} on a free
 * loopback port), checked against pminfo -f run against the same pmcd.
 */
class RealPmcdIT {

    private static final String HOST = "127.0.0.1";
    private static final Optional<Duration> TIMEOUT = Optional.of(Duration.ofSeconds(10));

    /** Metrics whose values do not change while the test runs, of every common type. */
    private static final List<String> STEADY_METRICS = List.of(
            "hinv.ncpu",            // 32-bit unsigned, in situ
            "pmcd.version",         // string, value block
            "kernel.uname.release", // string
            "mem.physmem",          // 64-bit unsigned, value block
            "kernel.all.boottime",  // 64-bit signed
            "hinv.map.cpu_num",     // instances of the Linux CPU domain
            "pmcd.agent.type");     // instances of pmcd's own agent domain

    private static LocalHost host;
    private static Pmcd pmcd;

    @BeforeAll
    static void startPmcd() throws Exception {
        Requirements.assumePmcd();
        host = LocalHost.create();
        pmcd = Pmcd.start(host, HOST, freePort());
    }

    @AfterAll
    static void stopPmcd() {
        if (host != null) {
            // ends pmcd too, and removes its folder
            host.close();
        }
    }

    private static List<String> pminfoValues(String metric) {
        return Pminfo.valueLines(host, HOST, pmcd.port(), metric);
    }

    private static CommandResult pminfo(String... arguments) {
        return Pminfo.run(host, HOST, pmcd.port(), arguments);
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return probe.getLocalPort();
        }
    }

    @Test
    void steadyMetricsPrintExactlyWhatPminfoPrints() throws Exception {
        try (PmcdClient client = PmcdClient.connect(HOST, pmcd.port(), TIMEOUT)) {
            for (String metric : STEADY_METRICS) {
                assertEquals(pminfoValues(metric), client.read(metric).lines(), metric);
            }
        }
    }

    @Test
    void descriptorsAreTheTypesPminfoReports() throws Exception {
        try (PmcdClient client = PmcdClient.connect(HOST, pmcd.port(), TIMEOUT)) {
            for (String metric : List.of("hinv.ncpu", "pmcd.version", "kernel.all.sysfork", "kernel.all.uptime")) {
                MetricDesc desc = client.describe(client.lookupName(metric));
                String pminfo = pminfo("-d", metric).stdout();
                assertTrue(pminfo.contains("Data Type: " + desc.type().description() + "  InDom: "
                        + desc.indom() + " "), metric + ": " + pminfo);
            }
        }
    }

    @Test
    void countersLieBetweenTwoPminfoReadings() throws Exception {
        // kernel.all.sysfork is a 64-bit counter that moves (pminfo itself forks), the uptime a
        // double that moves: our reading must fall between a reading before and one after
        try (PmcdClient client = PmcdClient.connect(HOST, pmcd.port(), TIMEOUT)) {
            for (String metric : List.of("kernel.all.sysfork", "kernel.all.uptime")) {
                BigDecimal before = singleValue(pminfoValues(metric).get(0));
                BigDecimal ours = singleValue(client.read(metric).lines().get(0));
                BigDecimal after = singleValue(pminfoValues(metric).get(0));
                assertTrue(before.compareTo(ours) <= 0 && ours.compareTo(after) <= 0,
                        metric + ": " + before + " <= " + ours + " <= " + after);
            }
        }
    }

    @Test
    void unknownMetricIsPcpsUnknownMetricName() throws Exception {
        try (PmcdClient client = PmcdClient.connect(HOST, pmcd.port(), TIMEOUT)) {
            PcpException unknown = assertThrows(PcpException.class,
                    () -> client.read("no.such.metric"));
            assertEquals(PcpErrors.PM_ERR_NAME, unknown.code());
            // pminfo says the same words
            CommandResult pminfo = pminfo("-f", "no.such.metric");
            assertTrue(pminfo.stderr().contains("no.such.metric: " + unknown.getMessage()), pminfo.stderr());
            // and the connection serves the next metric
            assertEquals(pminfoValues("hinv.ncpu"), client.read("hinv.ncpu").lines());
        }
    }

    @Test
    void packagedJarPrintsPminfosValues() throws Exception {
        List<String> expected = new ArrayList<>();
        for (String metric : List.of("hinv.ncpu", "pmcd.version", "hinv.map.cpu_num")) {
            expected.addAll(pminfoValues(metric));
        }
        ChildRun run = runJar("-p", Integer.toString(pmcd.port()), HOST, "hinv.ncpu", "pmcd.version", "hinv.map.cpu_num");
        assertEquals(0, run.status(), run.err());
        assertEquals(expected, run.out().lines().toList());
        assertEquals("", run.err());
    }

    @Test
    void packagedJarFailsForAnUnknownMetricAndPrintsTheRest() throws Exception {
        ChildRun run = runJar("-t", "5", "-p", Integer.toString(pmcd.port()), HOST, "no.such.metric", "hinv.ncpu");
        assertEquals(Main.EXIT_METRIC_FAILED, run.status());
        assertEquals(pminfoValues("hinv.ncpu"), run.out().lines().toList());
        assertEquals("pmsocks-pcp-client: no.such.metric: Unknown metric name", run.err().strip());
    }

    @Test
    void packagedJarReportsARefusedConnect() throws Exception {
        ChildRun run = runJar("-p", Integer.toString(freePort()), HOST, "hinv.ncpu");
        assertEquals(Main.EXIT_NO_PMCD, run.status());
        assertTrue(run.err().contains(": java.net.ConnectException: Connection refused"), run.err());
    }

    private static BigDecimal singleValue(String line) {
        return new BigDecimal(line.substring(line.lastIndexOf(' ') + 1));
    }

    private static ChildRun runJar(String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("pcpclient.jar");
        assertTrue(jar != null && Files.isReadable(Path.of(jar)), "packaged jar not found: " + jar);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(args));
        return ChildRun.of(command);
    }
}
