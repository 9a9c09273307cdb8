package io.pmsocks.nativeit;

import static io.pmsocks.nativeit.ChildClassPath.libraries;
import static io.pmsocks.testkit.Topology.FIREWALL_INSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.testkit.ChildJvm;
import io.pmsocks.testkit.ChildProcess;
import io.pmsocks.testkit.CommandResult;
import io.pmsocks.testkit.FirewallFixture;
import io.pmsocks.testkit.ProcessHost;
import io.pmsocks.testkit.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Libraries that prefer Netty's native transports, under the packaged agent in the namespace firewall: gRPC-java
 * on its default transport (shaded Netty with epoll), Lettuce with the epoll jar on its class path, and a client
 * that insists on {@code EpollSocketChannel}. The first two fall back to NIO and are routed through Dante; the last
 * is refused with the agent's message; a deny rule reaches no server. Each library is first shown to pick epoll
 * without the agent on this machine, so that these tests can fail.
 */
class NativeTransportsIT {

    private static final Duration START = Duration.ofSeconds(60);

    @RegisterExtension
    static final FirewallFixture firewall = FirewallFixture.standard();

    private static int outsideGrpc;
    private static ChildProcess insideGrpcServer;
    private static int insideGrpc;
    private static int outsideResp;

    @BeforeAll
    static void startServers() {
        outsideGrpc = readyPort(start(firewall.outside(), GrpcHealthServer.class, OUTSIDE_ADDRESS));
        insideGrpcServer = start(firewall.firewall(), GrpcHealthServer.class, FIREWALL_INSIDE_ADDRESS);
        insideGrpc = readyPort(insideGrpcServer);
        outsideResp = readyPort(start(firewall.outside(), RespServer.class, OUTSIDE_ADDRESS));
    }

    @Test
    void withoutTheAgentEachLibraryPicksEpoll() {
        CommandResult grpc = firewall.runInside(plainJvm(GrpcProbe.class, FIREWALL_INSIDE_ADDRESS, insideGrpc));
        CommandResult lettuce = firewall.runInside(plainJvm(LettuceProbe.class, FIREWALL_INSIDE_ADDRESS, 1));
        CommandResult epoll = firewall.runInside(plainJvm(EpollProbe.class, FIREWALL_INSIDE_ADDRESS,
                firewall.insideEcho().port()));

        assertEquals(List.of("epoll available true", "status SERVING"), grpc.stdoutLines(), grpc.describe("gRPC"));
        assertEquals("epoll available true", lettuce.stdoutLines().get(0), lettuce.describe("Lettuce"));
        assertEquals(List.of("connected " + FIREWALL_INSIDE_ADDRESS + "/" + FIREWALL_INSIDE_ADDRESS + ":"
                + firewall.insideEcho().port()),
                epoll.stdoutLines(), epoll.describe("epoll"));
    }

    @Test
    void grpcCallGoesThroughDante() {
        int before = firewall.dante().connectsLoggedTo(OUTSIDE_ADDRESS, outsideGrpc).size();

        CommandResult result = firewall.runInside(agentJvm(GrpcProbe.class, sockdEverywhere(), OUTSIDE_ADDRESS,
                outsideGrpc));

        assertEquals(List.of("epoll available false", "status SERVING"), result.stdoutLines(),
                result.describe("gRPC through Dante"));
        firewall.dante().awaitConnectsLoggedTo(OUTSIDE_ADDRESS, outsideGrpc, before + 1, FirewallFixture.LOG_WAIT);
    }

    @Test
    void grpcCallDeniedReachesNoServer() {
        Path direct = firewall.config("direct " + FIREWALL_INSIDE_ADDRESS + " 255.255.255.255",
                "sockd @=" + FirewallFixture.SOCKD + " ALL");
        CommandResult allowed = firewall.runInside(agentJvm(GrpcProbe.class, direct, FIREWALL_INSIDE_ADDRESS,
                insideGrpc));
        assertEquals(List.of("epoll available false", "status SERVING"), allowed.stdoutLines(),
                allowed.describe("the inside server answers a direct call"));
        int seen = accepted(insideGrpcServer);

        Path deny = firewall.config("deny " + FIREWALL_INSIDE_ADDRESS + " 255.255.255.255",
                "sockd @=" + FirewallFixture.SOCKD + " ALL");
        CommandResult denied = firewall.runInside(agentJvm(GrpcProbe.class, deny, FIREWALL_INSIDE_ADDRESS,
                insideGrpc));

        List<String> lines = denied.stdoutLines();
        assertEquals("epoll available false", lines.get(0), denied.describe("denied gRPC call"));
        assertTrue(lines.get(1).startsWith("failure io.grpc.StatusRuntimeException: UNAVAILABLE"),
                denied.describe("denied gRPC call"));
        String refusal = "java.net.ConnectException: connect to " + FIREWALL_INSIDE_ADDRESS + ":" + insideGrpc
                + " denied by " + deny + ":1";
        assertTrue(lines.stream().anyMatch(line -> line.contains(refusal)), denied.describe("denied gRPC call"));
        assertEquals(seen, accepted(insideGrpcServer), "the denied call reached the server");
    }

    @Test
    void lettuceWithTheEpollJarGoesThroughDante() {
        int before = firewall.dante().connectsLoggedTo(OUTSIDE_ADDRESS, outsideResp).size();

        CommandResult result = firewall.runInside(agentJvm(LettuceProbe.class, sockdEverywhere(), OUTSIDE_ADDRESS,
                outsideResp));

        assertEquals(List.of("epoll available false", "PING PONG"), result.stdoutLines(),
                result.describe("Lettuce through Dante"));
        firewall.dante().awaitConnectsLoggedTo(OUTSIDE_ADDRESS, outsideResp, before + 1, FirewallFixture.LOG_WAIT);
    }

    @Test
    void explicitEpollChannelIsRefusedWithTheAgentsMessage() {
        TestServer inside = firewall.insideEcho();
        int seen = inside.acceptedPeers().size();
        Path deny = firewall.config("deny " + FIREWALL_INSIDE_ADDRESS + " 255.255.255.255",
                "sockd @=" + FirewallFixture.SOCKD + " ALL");

        CommandResult result = firewall.runInside(agentJvm(EpollProbe.class, deny, FIREWALL_INSIDE_ADDRESS,
                inside.port()));

        List<String> lines = result.stdoutLines();
        assertEquals("failure java.lang.UnsatisfiedLinkError: pmsocks: Netty's native epoll transport is switched"
                + " off, as its connects would bypass the rules of pmsocks; use Netty's NIO transport (NioIoHandler"
                + " or NioEventLoopGroup with NioSocketChannel), which pmsocks routes", lines.get(0),
                result.describe("explicit epoll"));
        assertEquals(seen, inside.acceptedPeers().size(), "the epoll client reached the denied server");
    }

    @Test
    void debugOutputSaysTheTransportWasSwitchedOff() {
        CommandResult result = firewall.runInside(agentJvm(GrpcProbe.class, sockdEverywhere(), OUTSIDE_ADDRESS,
                outsideGrpc).withEnvironment("SOCKS_DEBUG", "1"));

        assertTrue(result.stderrLines().contains("[pmsocks] Netty native transport"
                + " io.grpc.netty.shaded.io.netty.channel.epoll.Epoll: switched off before it loaded"
                + " (io.grpc.netty.shaded.io.netty.transport.noNative=true); Netty falls back to NIO, which is"
                + " routed"), result.describe("debug output"));
    }

    @Test
    void epollInitialisedBeforeAnAttachIsSwitchedOffToo() {
        ChildJvm jvm = plainJvm(AttachProbe.class, FirewallFixture.agentJar().toString(), "config=" + sockdEverywhere())
                .withJvmOptions("-Djdk.attach.allowAttachSelf=true").withEnvironment("SOCKS_DEBUG", "1");

        CommandResult result = firewall.runInside(jvm);

        List<String> lines = result.stdoutLines();
        assertEquals(List.of("before true", "after false"), lines.subList(0, 2), result.describe("attach"));
        assertTrue(lines.get(2).startsWith("failure java.lang.UnsatisfiedLinkError: pmsocks: Netty's native epoll"
                + " transport is switched off"), result.describe("attach"));
        assertTrue(result.stderrLines().contains("[pmsocks] Netty native transport io.netty.channel.epoll.Epoll:"
                + " loaded before the attach, rewoven to report itself unavailable; libraries that ask again use"
                + " NIO, which is routed, but native channels chosen before the attach connect directly"),
                result.describe("attach"));
    }

    // ---------------------------------------------------------------------------------------

    private static Path sockdEverywhere() {
        return firewall.config("sockd @=" + FirewallFixture.SOCKD + " ALL");
    }

    private static ChildProcess start(ProcessHost where, Class<?> main, String address) {
        return ChildJvm.forMainClass(main).withClasspath(libraries()).withArguments(address, "0").startIn(where);
    }

    private static int readyPort(ChildProcess server) {
        String ready = server.awaitStdoutLine(line -> line.startsWith("ready "), START);
        return Integer.parseInt(ready.substring(ready.lastIndexOf(':') + 1));
    }

    private static int accepted(ChildProcess server) {
        return (int) server.stdoutLines().stream().filter(line -> line.startsWith("accepted ")).count();
    }

    private static ChildJvm plainJvm(Class<?> main, String host, int port) {
        return plainJvm(main, host, Integer.toString(port));
    }

    private static ChildJvm plainJvm(Class<?> main, String... arguments) {
        return ChildJvm.forMainClass(main).withClasspath(libraries()).withArguments(arguments);
    }

    private static ChildJvm agentJvm(Class<?> main, Path config, String host, int port) {
        return FirewallFixture.withAgent(plainJvm(main, host, port), config, Map.of());
    }
}
