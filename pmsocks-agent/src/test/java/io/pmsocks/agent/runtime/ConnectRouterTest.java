package io.pmsocks.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.pmsocks.config.Destination;
import io.pmsocks.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ConnectRouterTest {

    @Test
    void agentFailureOnTheDirectPathFallsBackToTheOriginalConnectAndIsReportedOnce()
            throws Exception {
        DeferredRules rules = new DeferredRules("test.conf", "direct 192.0.2.0 255.255.255.0\n",
                null, DebugLog.to(OutputStream.nullOutputStream()));
        Settings settings = Settings.from(Map.of(), Map.of());
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) {
                throw new IllegalStateException("debug output broken");
            }
        };
        ConnectRouter router = ConnectRouter.create(rules, settings, DebugLog.to(broken),
                "tester", "banner");
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            InetSocketAddress direct = new InetSocketAddress(
                    InetAddress.getByName("192.0.2.10"), 44321);

            assertFalse(router.routeSocket(new Socket(), direct, 1000),
                    "the original connect must run");
            assertFalse(router.routeSocket(new Socket(), direct, 1000));
        } finally {
            System.setErr(original);
        }
        assertEquals("[pmsocks] internal error, connecting directly instead:"
                + " java.lang.IllegalStateException: debug output broken"
                + System.lineSeparator(), stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void addressLiteralHasNoHostName() throws Exception {
        Destination destination = ConnectRouter.destinationOf(
                new InetSocketAddress(InetAddress.getByName("10.2.0.7"), 44321));

        assertNull(destination.hostName());
        assertEquals("10.2.0.7", destination.address().getHostAddress());
        assertEquals(44321, destination.port());
    }

    @Test
    void nameTheApplicationGaveIsKeptBesideItsAddress() throws Exception {
        InetAddress resolved = InetAddress.getByAddress("pmcd.example.com",
                new byte[] {10, 2, 0, 7});

        Destination destination = ConnectRouter.destinationOf(
                new InetSocketAddress(resolved, 44321));

        assertEquals("pmcd.example.com", destination.hostName());
        assertEquals("10.2.0.7", destination.address().getHostAddress());
    }

    @Test
    void unresolvedAddressIsNotLookedUpAgain() {
        Destination destination = ConnectRouter.destinationOf(
                InetSocketAddress.createUnresolved("nowhere.invalid", 80));

        assertEquals("nowhere.invalid", destination.hostName());
        assertNull(destination.address());
    }

    @Test
    void unresolvedIpv4LiteralIsThatAddressNotAName() {
        Destination destination = ConnectRouter.destinationOf(
                InetSocketAddress.createUnresolved("10.2.0.7", 80));

        assertNull(destination.hostName());
        assertEquals("10.2.0.7", destination.address().getHostAddress());
        assertEquals(80, destination.port());
    }

    @Test
    void unresolvedIpv6LiteralIsThatAddressBracketedOrNot() {
        for (String literal : new String[] {"[2001:db8::7]", "2001:db8::7", "::ffff:0a02:0007"}) {
            Destination destination = ConnectRouter.destinationOf(
                    InetSocketAddress.createUnresolved(literal, 80));

            assertNull(destination.hostName(), literal);
            assertEquals(literal.startsWith("::ffff") ? "10.2.0.7" : "2001:db8:0:0:0:0:0:7",
                    destination.address().getHostAddress(), literal);
        }
    }

    @Test
    void hostStringsThatOnlyLookNumericStayNames() {
        for (String name : new String[] {"10.2.0", "10.2.0.256", "1.2.3.4.5", "10.2.0.7.",
                "0x0a.2.0.7", "10.2.0.\u0667", "db8.example", "zz:80"}) {
            Destination destination = ConnectRouter.destinationOf(
                    InetSocketAddress.createUnresolved(name, 80));

            assertEquals(name, destination.hostName(), name);
            assertNull(destination.address(), name);
        }
    }

}
