package io.pmsocks.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pmsocks.config.Destination;
import io.pmsocks.config.SocksServer;
import java.net.ConnectException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Socks4HandshakeTest {

    private static final SocksServer FW = new SocksServer("fw", 1080);

    private static byte[] userId(String user) {
        return Socks4Handshake.userId(user);
    }

    @Test
    void socks4RequestCarriesPortAddressAndUser() throws Exception {
        Destination destination = Destination.of(InetAddress.getByName("10.2.0.7"), 44321);

        byte[] request = Socks4Handshake.request(destination, userId("alice"), FW);

        assertArrayEquals(new byte[] {4, 1, (byte) 0xAD, (byte) 0x21, 10, 2, 0, 7,
                'a', 'l', 'i', 'c', 'e', 0}, request);
    }

    @Test
    void unresolvedNameUsesSocks4aWithTheNameAfterTheUser() throws Exception {
        Destination destination = new Destination("pmcd.example.com", null, 44321);

        byte[] request = Socks4Handshake.request(destination, userId("bob"), FW);

        byte[] name = "pmcd.example.com".getBytes(StandardCharsets.US_ASCII);
        byte[] expected = new byte[8 + 4 + name.length + 1];
        expected[0] = 4;
        expected[1] = 1;
        expected[2] = (byte) 0xAD;
        expected[3] = 0x21;
        expected[7] = 1;
        System.arraycopy("bob".getBytes(StandardCharsets.US_ASCII), 0, expected, 8, 3);
        System.arraycopy(name, 0, expected, 12, name.length);
        assertArrayEquals(expected, request);
    }

    @Test
    void ipv6DestinationWithANameGoesBySocks4a() throws Exception {
        Destination destination = new Destination("v6.example.com",
                InetAddress.getByName("2001:db8::7"), 80);

        byte[] request = Socks4Handshake.request(destination, userId("u"), FW);

        assertEquals(1, request[7]);
        assertEquals("v6.example.com", new String(request, 10, 14, StandardCharsets.US_ASCII));
    }

    @Test
    void ipv6AddressWithoutANameCannotBeCarried() throws Exception {
        Destination destination = Destination.of(InetAddress.getByName("2001:db8::7"), 80);

        ConnectException e = assertThrows(ConnectException.class,
                () -> Socks4Handshake.request(destination, userId("u"), FW));

        assertEquals("SOCKS4 cannot carry the IPv6 address [2001:db8:0:0:0:0:0:7]:80 to sockd"
                + " fw:1080; add a direct rule for it to the configuration", e.getMessage());
    }

    @Test
    void grantedReplyPasses() throws Exception {
        Destination destination = Destination.of(InetAddress.getByName("10.2.0.7"), 44321);
        assertDoesNotThrow(() -> Socks4Handshake.checkReply(new byte[] {0, 90, 0, 0, 0, 0, 0, 0},
                FW, destination));
    }

    @ParameterizedTest
    @CsvSource({
        "91, request rejected or failed",
        "92, sockd cannot reach an identd on this host",
        "93, identd reported a different user id",
        "17, not a SOCKS4 reply code"})
    void refusalNamesServerDestinationAndCode(int code, String meaning) throws Exception {
        Destination destination = Destination.of(InetAddress.getByName("10.2.0.7"), 44321);

        ConnectException e = assertThrows(ConnectException.class, () -> Socks4Handshake
                .checkReply(new byte[] {0, (byte) code, 0, 0, 0, 0, 0, 0}, FW, destination));

        assertEquals("sockd fw:1080 could not connect to 10.2.0.7:44321 (SOCKS4 reply " + code
                + ": " + meaning + ")", e.getMessage());
    }

    @Test
    void wrongVersionIsAMalformedReply() throws Exception {
        Destination destination = Destination.of(InetAddress.getByName("10.2.0.7"), 44321);

        ConnectException e = assertThrows(ConnectException.class, () -> Socks4Handshake
                .checkReply(new byte[] {5, 0, 0, 0, 0, 0, 0, 0}, FW, destination));

        assertEquals("sockd fw:1080 sent a malformed SOCKS4 reply (version 5, expected 0):"
                + " is it a SOCKS4 server?", e.getMessage());
    }
}
