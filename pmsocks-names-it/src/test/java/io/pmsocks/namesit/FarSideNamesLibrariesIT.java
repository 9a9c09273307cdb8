package io.pmsocks.namesit;

import static io.pmsocks.testkit.Topology.FIREWALL_INSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.FIREWALL_OUTSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.testkit.ChildJvm;
import io.pmsocks.testkit.ChildProcess;
import io.pmsocks.testkit.CommandResult;
import io.pmsocks.testkit.Dante;
import io.pmsocks.testkit.DanteConfig;
import io.pmsocks.testkit.FirewallFixture;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names only the far side can resolve (SPEC §3), with client libraries that look the name up through the JDK
 * before they connect: Lettuce on Netty's JDK-backed resolver, Apache HttpClient 5's async client and gRPC-java
 * (grpc-netty-shaded, whose Netty the agent keeps on NIO, and gRPC's DNS resolver). Each reaches
 * a name that only the firewall's hosts file knows, through Dante (SOCKS5) and through tinyproxy (HTTP CONNECT);
 * without the agent neither resolves it from inside.
 */
class FarSideNamesLibrariesIT {

    private static final Duration START = Duration.ofSeconds(60);
    /** Resolved by the firewall only. */
    private static final String FAR = "services.far.test";
    private static final int DANTE_PORT = 1083;
    private static final int TINYPROXY_PORT = 18890;
    private static final List<String> PROXIES = List.of(
            "socks5://" + FIREWALL_INSIDE_ADDRESS + ":" + DANTE_PORT,
            "http://" + FIREWALL_INSIDE_ADDRESS + ":" + TINYPROXY_PORT);

    @RegisterExtension
    static final FirewallFixture firewall = FirewallFixture.builder().withWebServer().build();

    private static Dante dante;
    private static int resp;
    private static ChildProcess grpcServer;
    private static int grpc;

    @BeforeAll
    static void startServers() throws Exception {
        resp = readyPort(ChildJvm.forMainClass(PongServer.class).withClasspath(libraries())
                .withArguments(OUTSIDE_ADDRESS, "0").startIn(firewall.outside()));
        grpcServer = ChildJvm.forMainClass(GrpcHealthServer.class).withClasspath(libraries())
                .withArguments(OUTSIDE_ADDRESS, "0").startIn(firewall.outside());
        grpc = readyPort(grpcServer);
        // a hosts file that only what is started on the firewall from now on sees
        Path folder = Files.createDirectories(Path.of("/etc/netns", firewall.firewall().name()));
        Path hosts = Files.writeString(folder.resolve("hosts"), "127.0.0.1\tlocalhost\n" + OUTSIDE_ADDRESS + "\t"
                + FAR + "\n");
        Files.setPosixFilePermissions(hosts, PosixFilePermissions.fromString("rw-r--r--"));
        dante = Dante.start(firewall.firewall(), DanteConfig.firewall(DANTE_PORT));
        Path config = firewall.topology().directory().resolve("tinyproxy-libraries.conf");
        Files.write(config, List.of("Port " + TINYPROXY_PORT, "Listen " + FIREWALL_INSIDE_ADDRESS, "Timeout 30",
                "MaxClients 20", "Allow 10.231.1.0/24", "ConnectPort " + resp, "ConnectPort " + grpc,
                "ConnectPort " + firewall.web().port(), "LogLevel Info"));
        startOnFirewall(List.of("tinyproxy", "-d", "-c", config.toString()), TINYPROXY_PORT);
    }

    @AfterAll
    static void stopDanteAndRemoveTheHostsFile() throws IOException {
        if (dante != null) {
            dante.close();
        }
        Path folder = Path.of("/etc/netns", firewall.firewall().name());
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @Test
    void withoutTheAgentNeitherLibraryResolvesTheName() {
        CommandResult lettuce = firewall.runInside(plainJvm(LettuceNettyResolverProbe.class, FAR, resp));
        CommandResult apache = firewall.runInside(plainJvm(ApacheAsyncProbe.class, FAR, firewall.web().port()));
        assertTrue(lettuce.stdout().contains("java.net.UnknownHostException"), lettuce.describe("Lettuce"));
        assertTrue(apache.stdout().contains("java.net.UnknownHostException"), apache.describe("Apache"));
    }

    @Test
    void withoutTheAgentGrpcsResolverDoesNotResolveTheName() {
        int seen = acceptedFromTheFirewall();

        CommandResult result = firewall.runInside(plainJvm(GrpcDnsProbe.class, FAR, grpc));

        List<String> lines = result.stdoutLines();
        assertTrue(lines.get(0).startsWith("failure io.grpc.StatusRuntimeException: UNAVAILABLE"),
                result.describe("gRPC"));
        assertTrue(lines.stream().anyMatch(line -> line.contains("java.net.UnknownHostException")
                && line.contains(FAR)), result.describe("gRPC"));
        assertEquals(seen, acceptedFromTheFirewall(), "the gRPC server saw a connection");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void grpcDnsResolverReachesTheName(int proxy) {
        int seen = acceptedFromTheFirewall();

        CommandResult result = firewall.runInside(agentJvm(GrpcDnsProbe.class, proxy, FAR, grpc));

        assertEquals(List.of("status SERVING"), result.stdoutLines(), result.describe("gRPC by " + PROXIES.get(proxy)));
        // the server's peer is the firewall's outside address: the call went through the proxy, not around it
        assertEquals(seen + 1, acceptedFromTheFirewall(), grpcServer.describe("gRPC server"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void lettuceOnNettysResolverReachesTheName(int proxy) {
        CommandResult result = firewall.runInside(agentJvm(LettuceNettyResolverProbe.class, proxy, FAR, resp));
        assertEquals(List.of("PING PONG"), result.stdoutLines(), result.describe("Lettuce by " + PROXIES.get(proxy)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void apacheAsyncClientReachesTheName(int proxy) {
        CommandResult result = firewall.runInside(agentJvm(ApacheAsyncProbe.class, proxy, FAR,
                firewall.web().port()));
        assertEquals(List.of("status 200 hello from " + OUTSIDE_ADDRESS + ", peer " + FIREWALL_OUTSIDE_ADDRESS),
                result.stdoutLines().stream().map(line -> line.replaceAll(":[0-9]+$", "")).toList(),
                result.describe("Apache by " + PROXIES.get(proxy)));
    }

    // ---------------------------------------------------------------------------------------

    private static void startOnFirewall(List<String> command, int port) throws Exception {
        ChildProcess server = firewall.firewall().start(command, Map.of());
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (firewall.firewall().run(Duration.ofSeconds(10), "ss", "-Hltn", "sport = :" + port).stdout()
                .isBlank()) {
            if (System.nanoTime() > until || !server.isAlive()) {
                throw new IllegalStateException(server.describe(command.get(0) + " did not listen"));
            }
            Thread.sleep(50);
        }
    }

    private static int acceptedFromTheFirewall() {
        return (int) grpcServer.stdoutLines().stream()
                .filter(line -> line.startsWith("accepted /" + FIREWALL_OUTSIDE_ADDRESS + ":")).count();
    }

    private static int readyPort(ChildProcess server) {
        String ready = server.awaitStdoutLine(line -> line.startsWith("ready "), START);
        return Integer.parseInt(ready.substring(ready.lastIndexOf(':') + 1));
    }

    private static ChildJvm plainJvm(Class<?> main, String host, int port) {
        return ChildJvm.forMainClass(main).withClasspath(libraries()).withArguments(host, Integer.toString(port));
    }

    private static ChildJvm agentJvm(Class<?> main, int proxy, String host, int port) {
        Path config = firewall.config("sockd @=" + PROXIES.get(proxy) + " ALL");
        return FirewallFixture.withAgent(plainJvm(main, host, port), config, Map.of());
    }

    /** The test class path without the agent's own classes, which a child gets from the packaged jar only. */
    private static Path[] libraries() {
        List<Path> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty() && !entry.contains("pmsocks-agent")) {
                entries.add(Path.of(entry));
            }
        }
        return entries.toArray(Path[]::new);
    }
}
