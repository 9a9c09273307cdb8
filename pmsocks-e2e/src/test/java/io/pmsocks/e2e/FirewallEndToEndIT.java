package io.pmsocks.e2e;

import static io.pmsocks.testkit.Topology.FIREWALL_INSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.FIREWALL_OUTSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.testkit.ChildJvm;
import io.pmsocks.testkit.ChildProcess;
import io.pmsocks.testkit.CommandResult;
import io.pmsocks.testkit.Dante;
import io.pmsocks.testkit.FirewallFixture;
import io.pmsocks.testkit.LocalHost;
import io.pmsocks.testkit.Namespace;
import io.pmsocks.testkit.Pmcd;
import io.pmsocks.testkit.Pminfo;
import io.pmsocks.testkit.ProcessHost;
import io.pmsocks.testkit.Requirements;
import io.pmsocks.testkit.Topology;
import io.pmsocks.testkit.WebServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's story with nothing simulated. Inside a firewall made of network namespaces, whose only way out is a
 * real Dante on the firewall, the Java PCP client fetches metrics from a real pmcd outside, run by the packaged
 * {@code bin/pmsocks java -jar ...} and by {@code java -javaagent:lib/pmsocks-agent.jar} alone, and prints exactly
 * what pminfo prints next to pmcd. The JDK HttpClient fetches a page the same way; a deny rule refuses with a message naming the rule; {@code demo/run} runs the whole demo; tsocks and
 * proxychains4 are tried on the same firewall with pminfo (a C client) and the Java clients, as the README reports.
 *
 * <p>Skipped only when it cannot make namespaces (not root); as root, a missing package fails it. Afterwards nothing
 * it made is left: its namespaces, the processes it started and its files, checked by name and PID.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirewallEndToEndIT {

    private static final Path REPOSITORY = Path.of(System.getProperty("pmsocks.repository"));
    private static final Path DISTRIBUTION = Path.of(System.getProperty("pmsocks.distribution"));
    /** The agent and the command: the distribution's, or an installed package's (.ci/packages). */
    private static final Path AGENT = Path.of(System.getProperty(FirewallFixture.AGENT_JAR_PROPERTY,
            DISTRIBUTION.resolve("lib/pmsocks-agent.jar").toString()));
    private static final Path PMSOCKS = Path.of(System.getProperty("pmsocks.command",
            DISTRIBUTION.resolve("bin/pmsocks").toString()));
    private static final Path CLIENT = Path.of(System.getProperty("pcpclient.jar"));
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    private static final int SOCKD_PORT = FirewallFixture.SOCKD_PORT;
    private static final int PMCD_PORT = 44321;
    private static final int HTTP_PORT = 8080;
    private static final String SOCKD = FirewallFixture.SOCKD;
    private static final String PAGE = "http://" + OUTSIDE_ADDRESS + ":" + HTTP_PORT + "/";
    /** Steady values of three kinds: a 32-bit number, a string, one value per CPU instance. */
    private static final List<String> METRICS = List.of("hinv.ncpu", "pmcd.version", "hinv.map.cpu_num");

    /** In the README's measurement the HttpClient got through tsocks in 2 of 10 tries: all 8 succeeding is unlikely. */
    private static final int HTTP_TRIES_UNDER_TSOCKS = 8;
    private static final Duration RUN = Duration.ofSeconds(60);
    private static final Duration DEMO_RUN = Duration.ofMinutes(3);
    private static final Duration LOG_WAIT = FirewallFixture.LOG_WAIT;

    /** The firewall with its Dante; this class starts pmcd and the web server in it itself. */
    private static FirewallFixture firewall;
    private static Topology topology;
    private static Dante dante;
    private static Pmcd pmcd;
    private static ChildProcess httpServer;
    /** {@code direct} to the inside network, {@code sockd} through the firewall's Dante for everything else. */
    private static Path sockdConfig;
    /** The Java client's connect without pmsocks, made before anything else. */
    private static CommandResult directClient;
    /** Every process this class started, to check after teardown that none is left. */
    private static final List<Long> startedPids = new ArrayList<>();

    @BeforeAll
    static void buildTheFirewall() throws IOException {
        // the one reason to skip: no namespaces to build (not root)
        Requirements.assumeNetworkNamespaces();
        Requirements.requireProgram("danted", "dante-server");
        Requirements.requirePmcd();
        Requirements.requireProgram("tsocks", "tsocks");
        Requirements.requireProgram("proxychains4", "proxychains4");
        for (Path packaged : List.of(PMSOCKS, AGENT, CLIENT, REPOSITORY.resolve("demo/run"))) {
            assertTrue(Files.isReadable(packaged), packaged + " is missing: build with mvn package first");
        }

        firewall = FirewallFixture.builder().withoutEchoServers().build().start();
        topology = firewall.topology();
        dante = firewall.dante();
        pmcd = Pmcd.start(topology.outside(), OUTSIDE_ADDRESS, PMCD_PORT);
        httpServer = ChildJvm.forMainClass(WebServer.class)
                .withArguments(OUTSIDE_ADDRESS, Integer.toString(HTTP_PORT))
                .startIn(topology.outside());
        startedPids.add(httpServer.pid());
        httpServer.awaitStdoutLine(line -> line.startsWith("ready "), RUN);
        sockdConfig = config("sockd.conf",
                "direct 10.231.1.0 255.255.255.0",
                "sockd @=" + SOCKD + " 0.0.0.0 0.0.0.0");

        // First the control: were the firewall to let a direct connect through, nothing below would prove anything.
        directClient = inside(java("-jar", CLIENT.toString(), "-t", "2", OUTSIDE_ADDRESS, "hinv.ncpu"), Map.of());
        assertNotEquals(0, directClient.exitCode(), directClient.describe(
                "reached pmcd directly: the firewall let the connect through"));
    }

    @AfterAll
    static void tearDownAndCheckNothingIsLeft() {
        if (topology == null) {
            return;
        }
        List<String> namespaces = topology.namespaces().stream().map(Namespace::name).toList();
        List<Long> pids = new ArrayList<>(startedPids);
        List<Path> files = new ArrayList<>(List.of(topology.directory()));
        if (dante != null) {
            dante.processes().forEach(process -> pids.add(process.pid()));
        }
        if (pmcd != null) {
            pids.add(pmcd.pid());
            files.add(pmcd.directory());
            pmcd.close();
        }
        firewall.close();

        List<String> listed = Topology.listedNamespaces();
        assertAll("left after teardown",
                () -> assertTrue(namespaces.stream().noneMatch(listed::contains),
                        "namespaces still listed: " + listed),
                () -> assertTrue(pids.stream().noneMatch(ChildProcess::isRunning),
                        "processes still running: " + pids.stream().filter(ChildProcess::isRunning).toList()),
                () -> assertTrue(files.stream().noneMatch(Files::exists),
                        "files still there: " + files.stream().filter(Files::exists).toList()));
    }

    @Test
    @Order(1)
    void directConnectsFromInsideAreDropped() {
        // pminfo gives up after its 5 s connect timeout, and calls that "Connection refused"
        CommandResult pminfo = inside(Pminfo.command(OUTSIDE_ADDRESS, PMCD_PORT, "-f", "hinv.ncpu"), Map.of());
        CommandResult web = inside(java("-cp", classes(), HttpFetchMain.class.getName(), PAGE, "2"), Map.of());

        assertFalse(topology.isForwarding());
        assertEquals(List.of("pmsocks-pcp-client: cannot connect to pmcd at 10.231.2.2:44321:"
                + " java.net.SocketTimeoutException: Connect timed out"), directClient.stderrLines());
        assertNotEquals(0, pminfo.exitCode(), pminfo.describe("reached pmcd directly"));
        assertTrue(pminfo.stderr().contains("Cannot connect to PMCD on host"), pminfo.describe("wrong failure"));
        assertEquals(List.of("exception java.net.http.HttpConnectTimeoutException: HTTP connect timed out"),
                web.stdoutLines());
        assertEquals(List.of(), dante.log().connectsPassedTo(OUTSIDE_ADDRESS, PMCD_PORT));
    }

    @Test
    void pmsocksRunsTheClientJarThroughDanteToPmcd() {
        int before = connectsToPmcd();

        CommandResult result = inside(pmsocks(sockdConfig, client(METRICS)), Map.of("SOCKS_DEBUG", "1"));

        assertFetchedThroughDante(result, before);
    }

    @Test
    void pmsocksExitsWithTheProgramsStatus() {
        CommandResult result = inside(pmsocks(sockdConfig, client(List.of("no.such.metric", "hinv.ncpu"))),
                Map.of());

        assertEquals(1, result.exitCode(), result.describe("wrong status"));
        assertEquals(Pminfo.valueLines(topology.outside(), OUTSIDE_ADDRESS, PMCD_PORT, "hinv.ncpu"),
                result.stdoutLines());
        assertEquals(List.of("pmsocks-pcp-client: no.such.metric: Unknown metric name"), result.stderrLines());
    }

    @Test
    void javaAgentAloneRoutesTheClientJarThroughDanteToPmcd() {
        int before = connectsToPmcd();
        List<String> command = javaWithAgent(sockdConfig, "-jar", CLIENT.toString(), OUTSIDE_ADDRESS);
        command.addAll(METRICS);

        CommandResult result = inside(command, Map.of("SOCKS_DEBUG", "1"));

        assertFetchedThroughDante(result, before);
    }

    /** The client printed pminfo's values, the agent's debug lines say how, and Dante's log shows the connect. */
    private static void assertFetchedThroughDante(CommandResult result, int connectsBefore) {
        assertEquals(0, result.exitCode(), result.describe("failed"));
        assertEquals(pminfoValues(), result.stdoutLines());
        assertTrue(result.stderrLines().containsAll(List.of(
                "[pmsocks] connect 10.231.2.2:44321: sockd " + SOCKD + " (line 2)",
                "[pmsocks] sockd " + SOCKD + ": reply 90 (granted)")), result.stderr());
        dante.awaitConnectsLoggedTo(OUTSIDE_ADDRESS, PMCD_PORT, connectsBefore + 1, LOG_WAIT);
    }

    @Test
    void javaAgentRoutesTheJdkHttpClientThroughDante() {
        int before = dante.connectsLoggedTo(OUTSIDE_ADDRESS, HTTP_PORT).size();

        CommandResult result = inside(javaWithAgent(sockdConfig, "-cp", classes(), HttpFetchMain.class.getName(),
                PAGE, "5"), Map.of());

        assertEquals(List.of("status 200", "hello from 10.231.2.2, peer " + FIREWALL_OUTSIDE_ADDRESS),
                result.stdoutLines(), result.describe("did not fetch the page through sockd"));
        dante.awaitConnectsLoggedTo(OUTSIDE_ADDRESS, HTTP_PORT, before + 1, LOG_WAIT);
    }

    @Test
    void denyRuleForTheOutsideHostIsAClearError() throws IOException {
        Path denying = config("deny.conf",
                "deny 10.231.2.2 255.255.255.255",
                "sockd @=" + SOCKD + " 0.0.0.0 0.0.0.0");
        int before = dante.log().connectsPassedTo(OUTSIDE_ADDRESS, PMCD_PORT).size()
                + dante.log().connectsPassedTo(OUTSIDE_ADDRESS, HTTP_PORT).size();

        CommandResult web = inside(javaWithAgent(denying, "-cp", classes(), HttpFetchMain.class.getName(),
                PAGE, "5"), Map.of());
        CommandResult pcp = inside(javaWithAgent(denying, "-jar", CLIENT.toString(), OUTSIDE_ADDRESS, "hinv.ncpu"),
                Map.of());

        assertEquals(List.of("exception java.net.ConnectException: connect to 10.231.2.2:8080 denied by "
                + denying + ":1"), web.stdoutLines());
        assertEquals(3, pcp.exitCode());
        assertEquals(List.of("pmsocks-pcp-client: cannot connect to pmcd at 10.231.2.2:44321:"
                + " java.net.ConnectException: connect to 10.231.2.2:44321 denied by " + denying + ":1"),
                pcp.stderrLines());
        assertEquals(before, dante.log().connectsPassedTo(OUTSIDE_ADDRESS, PMCD_PORT).size()
                + dante.log().connectsPassedTo(OUTSIDE_ADDRESS, HTTP_PORT).size(), "nothing may reach sockd");
    }

    /** The README's first command, in a firewall of its own beside this class's. */
    @Test
    void demoRunShowsTheWholeStoryAndLeavesNothingBehind() {
        String ncpu = pminfoValues().get(0);
        Map<String, String> environment = environment(Map.of());
        CommandResult demo;
        try (LocalHost host = LocalHost.create()) {
            demo = host.run(DEMO_RUN, List.of(REPOSITORY.resolve("demo/run").toString()), environment);
        }

        assertEquals(0, demo.exitCode(), demo.describe("failed"));
        List<String> lines = demo.stdoutLines();
        assertTrue(lines.containsAll(List.of(
                "pmsocks-pcp-client: cannot connect to pmcd at 10.231.2.2:44321:"
                        + " java.net.SocketTimeoutException: Connect timed out",
                "10.231.2.2:44321 sockd " + SOCKD + " (line 2)",
                "[pmsocks] connect 10.231.2.2:44321: sockd " + SOCKD + " (line 2)",
                "[pmsocks] sockd " + SOCKD + ": reply 90 (granted)",
                ncpu,
                "=== the Java client, inside the firewall, fetched hinv.ncpu = " + value(ncpu)
                        + " through Dante; pminfo says " + value(ncpu))), demo.stdout());

        Matcher made = find(demo, "=== firewall: namespaces (\\S+), (\\S+), (\\S+); files in (\\S+)");
        List<String> namespaces = List.of(made.group(1), made.group(2), made.group(3));
        Path files = Path.of(made.group(4));
        List<Long> pids = List.of(Long.valueOf(find(demo, "=== Dante \\(danted, pid (\\d+)\\)").group(1)),
                Long.valueOf(find(demo, "=== pmcd \\(pid (\\d+)\\)").group(1)));
        List<String> listed = Topology.listedNamespaces();
        assertAll("left by demo/run",
                () -> assertTrue(namespaces.stream().noneMatch(listed::contains),
                        "namespaces still listed: " + listed),
                () -> assertTrue(pids.stream().noneMatch(ChildProcess::isRunning), "still running: " + pids),
                () -> assertFalse(Files.exists(files), files + " still there"));
    }

    /**
     * What the README's comparison says about the C client: tsocks and proxychains4 both route pminfo through the
     * firewall's Dante (pminfo's connect to pmcd is one IPv4 TCP connect from libc).
     */
    @Test
    void tsocksAndProxychains4RoutePminfoThroughDante() throws IOException {
        List<String> expected = Pminfo.valueLines(topology.outside(), OUTSIDE_ADDRESS, PMCD_PORT, "hinv.ncpu");
        List<String> pminfo = Pminfo.command(OUTSIDE_ADDRESS, PMCD_PORT, "-f", "hinv.ncpu");
        for (Wrapper wrapper : wrappers()) {
            int before = connectsToPmcd();

            CommandResult result = inside(wrapper.around(pminfo), wrapper.environment());

            assertEquals(expected, Pminfo.valueLines("hinv.ncpu", result), wrapper.name());
            dante.awaitConnectsLoggedTo(OUTSIDE_ADDRESS, PMCD_PORT, before + 1, LOG_WAIT);
        }
    }

    /** The other side of the table: pmsocks runs a native program such as pminfo, but does not route it. */
    @Test
    void pmsocksSaysItDoesNotRoutePminfo() {
        CommandResult result = inside(pmsocks(sockdConfig, Pminfo.command(OUTSIDE_ADDRESS, PMCD_PORT, "-f",
                "hinv.ncpu")), Map.of());

        assertEquals(1, result.exitCode(), result.describe("pminfo reached pmcd"));
        assertEquals(List.of("pmsocks: " + Pminfo.PMINFO + " is a native program, not java: its own connections"
                        + " are not routed (Java programs it starts get the agent through JAVA_TOOL_OPTIONS)",
                "pminfo: Cannot connect to PMCD on host \"10.231.2.2:44321\": Connection refused"),
                result.stderrLines());
    }

    /** proxychains4 routes the JVM too: the JDK's connects are libc connects it intercepts, blocking or not. */
    @Test
    void proxychains4RoutesTheJavaClients() throws IOException {
        Wrapper proxychains = wrappers().get(1);
        int before = connectsToPmcd();

        CommandResult pcp = inside(proxychains.around(java("-jar", CLIENT.toString(), OUTSIDE_ADDRESS, "hinv.ncpu")),
                proxychains.environment());
        CommandResult web = inside(proxychains.around(java("-cp", classes(), HttpFetchMain.class.getName(),
                PAGE, "5")), proxychains.environment());

        assertEquals(Pminfo.valueLines(topology.outside(), OUTSIDE_ADDRESS, PMCD_PORT, "hinv.ncpu"),
                pcp.stdoutLines(), pcp.describe("not routed"));
        dante.awaitConnectsLoggedTo(OUTSIDE_ADDRESS, PMCD_PORT, before + 1, LOG_WAIT);
        assertEquals(List.of("status 200", "hello from 10.231.2.2, peer " + FIREWALL_OUTSIDE_ADDRESS),
                web.stdoutLines(), web.describe("not routed"));
    }

    /**
     * tsocks handles IPv4 sockets only, and the JVM opens IPv6 sockets (IPv4 destinations as mapped addresses)
     * wherever the system has IPv6, which every namespace has on loopback: tsocks lets the connect go direct, where
     * the firewall drops it. With {@code -Djava.net.preferIPv4Stack=true} it routes the blocking Socket connect of
     * the PCP client, but not reliably the JDK HttpClient's non-blocking connect, which tsocks completes only
     * inside the select/poll calls it intercepts, racing the JDK's own readiness checks: most tries fail.
     */
    @Test
    void tsocksRoutesTheJavaPcpClientOnlyOnTheIpv4StackAndTheHttpClientUnreliably() throws IOException {
        Wrapper tsocks = wrappers().get(0);
        int before = connectsToPmcd();

        CommandResult dualStack = inside(tsocks.around(java("-jar", CLIENT.toString(), "-t", "2", OUTSIDE_ADDRESS,
                "hinv.ncpu")), tsocks.environment());
        int afterDualStack = connectsToPmcd();
        CommandResult ipv4 = inside(tsocks.around(java("-Djava.net.preferIPv4Stack=true", "-jar", CLIENT.toString(),
                OUTSIDE_ADDRESS, "hinv.ncpu")), tsocks.environment());
        List<CommandResult> webTries = new ArrayList<>();
        do {
            webTries.add(inside(tsocks.around(java("-Djava.net.preferIPv4Stack=true", "-cp", classes(),
                    HttpFetchMain.class.getName(), PAGE, "5")), tsocks.environment()));
        } while (webTries.size() < HTTP_TRIES_UNDER_TSOCKS && webTries.get(webTries.size() - 1).exitCode() == 0);

        assertEquals(List.of("pmsocks-pcp-client: cannot connect to pmcd at 10.231.2.2:44321:"
                + " java.net.SocketTimeoutException: Connect timed out"), dualStack.stderrLines());
        assertEquals(before, afterDualStack, "the dual-stack JVM's connect must not have reached sockd");
        assertEquals(Pminfo.valueLines(topology.outside(), OUTSIDE_ADDRESS, PMCD_PORT, "hinv.ncpu"),
                ipv4.stdoutLines(), ipv4.describe("not routed on the IPv4 stack"));
        dante.awaitConnectsLoggedTo(OUTSIDE_ADDRESS, PMCD_PORT, before + 1, LOG_WAIT);
        CommandResult lastWeb = webTries.get(webTries.size() - 1);
        assertEquals(3, lastWeb.exitCode(), "the HttpClient got through tsocks in each of " + webTries.size()
                + " tries");
        assertTrue(lastWeb.stdout().startsWith("exception java.io.IOException"), lastWeb.describe("other failure"));
    }

    // ---------------------------------------------------------------------------------------------------------

    /** A program that routes the dynamically linked program it runs, by LD_PRELOAD, and how it is configured. */
    private record Wrapper(String name, List<String> prefix, Map<String, String> environment) {

        List<String> around(List<String> command) {
            List<String> wrapped = new ArrayList<>(prefix);
            wrapped.addAll(command);
            return wrapped;
        }
    }

    /** tsocks and proxychains4, each told to use the firewall's Dante by SOCKS4 and to leave the inside alone. */
    private static List<Wrapper> wrappers() throws IOException {
        Path tsocks = config("tsocks.conf",
                "local = 10.231.1.0/255.255.255.0",
                "server = " + FIREWALL_INSIDE_ADDRESS,
                "server_type = 4",
                "server_port = " + SOCKD_PORT);
        Path proxychains = config("proxychains.conf",
                "strict_chain",
                "localnet 10.231.1.0/255.255.255.0",
                "[ProxyList]",
                "socks4 " + FIREWALL_INSIDE_ADDRESS + " " + SOCKD_PORT);
        return List.of(
                new Wrapper("tsocks", List.of("tsocks"), Map.of("TSOCKS_CONF_FILE", tsocks.toString())),
                new Wrapper("proxychains4", List.of("proxychains4", "-q", "-f", proxychains.toString()), Map.of()));
    }

    /** Runs {@code command} to completion in the inside namespace with {@code variables} added. */
    private static CommandResult inside(List<String> command, Map<String, String> variables) {
        return runIn(topology.inside(), command, environment(variables));
    }

    private static CommandResult runIn(ProcessHost where, List<String> command, Map<String, String> environment) {
        try (ChildProcess process = where.start(command, environment)) {
            synchronized (startedPids) {
                startedPids.add(process.pid());
            }
            return process.awaitResult(RUN);
        }
    }

    /**
     * This JVM's environment without what would change the outcome behind the test's back, with this JVM's runtime as
     * {@code JAVA_HOME} (for {@code bin/pmsocks} and {@code demo/run}), plus {@code added}.
     */
    private static Map<String, String> environment(Map<String, String> added) {
        Map<String, String> environment = new HashMap<>(Pminfo.environment());
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.putAll(added);
        return environment;
    }

    private static List<String> java(String... arguments) {
        List<String> command = new ArrayList<>(List.of(JAVA.toString()));
        command.addAll(List.of(arguments));
        return command;
    }

    /** {@code java -jar pmsocks-pcp-client.jar 10.231.2.2 METRICS...}. */
    private static List<String> client(List<String> metrics) {
        List<String> command = java("-jar", CLIENT.toString(), OUTSIDE_ADDRESS);
        command.addAll(metrics);
        return command;
    }

    /** {@code bin/pmsocks --config CONFIG PROGRAM...}, the distribution's command, on this JVM's runtime. */
    private static List<String> pmsocks(Path config, List<String> program) {
        List<String> command = new ArrayList<>(List.of(PMSOCKS.toString(), "--config", config.toString()));
        command.addAll(program);
        return command;
    }

    /** {@code java -javaagent:lib/pmsocks-agent.jar=config=CONFIG ARGUMENTS...}, the agent from the distribution. */
    private static List<String> javaWithAgent(Path config, String... arguments) {
        List<String> command = java("-javaagent:" + AGENT + "=config=" + config);
        command.addAll(List.of(arguments));
        return command;
    }

    /** This module's test classes, where the HTTP client and server live. */
    private static String classes() {
        return ChildJvm.locationOf(HttpFetchMain.class).toString();
    }

    private static Path config(String name, String... lines) throws IOException {
        return Files.write(topology.directory().resolve(name), List.of(lines));
    }

    /** pminfo's values of {@link #METRICS}, run next to pmcd, in the Java client's line format. */
    private static List<String> pminfoValues() {
        List<String> lines = new ArrayList<>();
        for (String metric : METRICS) {
            lines.addAll(Pminfo.valueLines(topology.outside(), OUTSIDE_ADDRESS, PMCD_PORT, metric));
        }
        return lines;
    }

    private static int connectsToPmcd() {
        return dante.connectsLoggedTo(OUTSIDE_ADDRESS, PMCD_PORT).size();
    }

    /** The value of a {@code METRIC VALUE} line. */
    private static String value(String line) {
        return line.substring(line.indexOf(' ') + 1);
    }

    private static Matcher find(CommandResult result, String regex) {
        Matcher matcher = Pattern.compile("(?m)^" + regex).matcher(result.stdout());
        assertTrue(matcher.find(), () -> result.describe("printed no line matching " + regex));
        return matcher;
    }
}
