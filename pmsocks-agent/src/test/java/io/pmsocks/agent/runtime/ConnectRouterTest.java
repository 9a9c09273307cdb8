package io.pmsocks.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.pmsocks.config.Destination;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ConnectRouterTest {

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
}
