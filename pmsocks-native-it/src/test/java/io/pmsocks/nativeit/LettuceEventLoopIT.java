package io.pmsocks.nativeit;

import static io.pmsocks.nativeit.ChildClassPath.libraries;
import static io.pmsocks.testkit.Topology.FIREWALL_INSIDE_ADDRESS;
import static io.pmsocks.testkit.Topology.OUTSIDE_ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.testkit.ChildJvm;
import io.pmsocks.testkit.CommandResult;
import io.pmsocks.testkit.FakeSocksBehaviour;
import io.pmsocks.testkit.FirewallFixture;
import io.pmsocks.testkit.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lettuce, one I/O thread for two clients (SPEC §3, "Non-blocking channels"): while A's sockd accepts and stalls,
 * B's PINGs through Dante keep coming, and A fails by Lettuce's own connect timeout. With the handshake inline in
 * {@code connect()}, the one event loop sat in A's connect: B got no PONG for the whole stall and Lettuce's timer
 * could not fire. The longest gap between B's PONGs is reported; the bound asserted is only "B kept answering".
 */
class LettuceEventLoopIT {

    @RegisterExtension
    static final FirewallFixture firewall = FirewallFixture.builder().withoutEchoServers().build();

    private static int outsideResp;

    @BeforeAll
    static void startServer() {
        String ready = ChildJvm.forMainClass(RespServer.class).withClasspath(libraries())
                .withArguments(OUTSIDE_ADDRESS, "0").startIn(firewall.outside())
                .awaitStdoutLine(line -> line.startsWith("ready "), Duration.ofSeconds(60));
        outsideResp = Integer.parseInt(ready.substring(ready.lastIndexOf(':') + 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "socks5://"})
    void lettuceKeepsServingOneClientWhileAnotherStallsInItsHandshake(String scheme) {
        try (TestServer stalled = TestServer.fakeSocks(firewall.firewall(), FIREWALL_INSIDE_ADDRESS, 0,
                FakeSocksBehaviour.stall())) {
            Path config = firewall.config("sockd @=" + FIREWALL_INSIDE_ADDRESS + ":" + stalled.port() + " "
                    + FirewallFixture.BLOCKED_ADDRESS + " 255.255.255.255",
                    "sockd @=" + scheme + FirewallFixture.SOCKD + " ALL");
            ChildJvm probe = FirewallFixture.withAgent(ChildJvm.forMainClass(LettuceEventLoopProbe.class)
                    .withClasspath(libraries()).withArguments(FirewallFixture.BLOCKED_ADDRESS, "6379",
                            OUTSIDE_ADDRESS, Integer.toString(outsideResp)), config, Map.of());

            CommandResult result = firewall.runInside(probe);

            String what = "Lettuce, B through " + (scheme.isEmpty() ? "socks4://" : scheme) + FirewallFixture.SOCKD;
            assertEquals(0, result.exitCode(), result.describe(what));
            List<String> lines = result.stdoutLines();
            System.out.println(what + ": " + lines);
            assertEquals("io threads 1", lines.get(0), result.describe(what));
            Matcher a = Pattern.compile("A failed after (\\d+) ms: io\\.lettuce\\.core\\.RedisConnectionException:"
                    + " Unable to connect to " + Pattern.quote(FirewallFixture.BLOCKED_ADDRESS) + "/<unresolved>:6379")
                    .matcher(lines.get(1));
            assertTrue(a.matches(), result.describe(what));
            assertTrue(lines.contains("cause io.netty.channel.ConnectTimeoutException: connection timed out after"
                    + " 2000 ms: /" + FirewallFixture.BLOCKED_ADDRESS
                    + ":6379"), result.describe(what));
            Matcher b = Pattern.compile("B pongs (\\d+) longest gap (\\d+) ms").matcher(lines.get(lines.size() - 1));
            assertTrue(b.matches(), result.describe(what));
            assertTrue(Integer.parseInt(b.group(1)) > 10, result.describe(what));
            assertTrue(Long.parseLong(b.group(2)) < 1000, result.describe(what));
        }
    }
}
