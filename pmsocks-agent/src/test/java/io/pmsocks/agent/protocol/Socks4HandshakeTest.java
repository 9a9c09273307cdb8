package io.pmsocks.agent.protocol;

import static io.pmsocks.agent.protocol.Wire.ascii;
import static io.pmsocks.agent.protocol.Wire.bytes;
import static io.pmsocks.agent.protocol.Wire.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Socks4HandshakeTest {

    private static final String FW = "sockd fw:1080";
    private static final byte[] GRANT = bytes(0, 90, 0, 0, 0, 0, 0, 0);
    /** What the destination sends first; it must stay for the application. */
    private static final byte[] APPLICATION = ascii("SSH-2.0-x\r\n");

    private static Target ipv4() throws Exception {
        return new Target(null, InetAddress.getByName("10.2.0.7"), 44321);
    }

    @Test
    void socks4RequestCarriesPortAddressAndUser() throws Exception {
        Socks4Handshake exchange = Socks4Handshake.start(FW, ipv4(), "alice");

        assertEquals(ProxyHandshake.Step.SEND, exchange.step());
        assertFalse(exchange.sendsName());
        assertArrayEquals(bytes(4, 1, 0xAD, 0x21, 10, 2, 0, 7, 'a', 'l', 'i', 'c', 'e', 0),
                Wire.whole(exchange, GRANT).sent());
    }

    @Test
    void nameWithoutAddressGoesBySocks4aAfterTheUser() {
        Socks4Handshake exchange =
                Socks4Handshake.start(FW, new Target("pmcd.example.com", null, 44321), "bob");

        assertTrue(exchange.sendsName());
        assertArrayEquals(concat(bytes(4, 1, 0xAD, 0x21, 0, 0, 0, 1), ascii("bob"), bytes(0),
                ascii("pmcd.example.com"), bytes(0)), Wire.whole(exchange, GRANT).sent());
    }

    @Test
    void ipv6DestinationWithANameGoesBySocks4a() throws Exception {
        Target target = new Target("v6.example.com", InetAddress.getByName("2001:db8::7"), 80);

        byte[] sent = Wire.whole(Socks4Handshake.start(FW, target, "u"), GRANT).sent();

        assertArrayEquals(concat(bytes(4, 1, 0, 80, 0, 0, 0, 1, 'u', 0), ascii("v6.example.com"),
                bytes(0)), sent);
    }

    @Test
    void internationalisedNameIsSentInItsIdnaForm() {
        Target target = new Target("bücher.example", null, 443);

        byte[] sent = Wire.whole(Socks4Handshake.start(FW, target, "u"), GRANT).sent();

        assertArrayEquals(concat(bytes(4, 1, 1, 0xBB, 0, 0, 0, 1, 'u', 0),
                ascii("xn--bcher-kva.example"), bytes(0)), sent);
    }

    @Test
    void ipv6AddressWithoutANameCannotBeCarriedAndNothingIsSent() throws Exception {
        Target target = new Target(null, InetAddress.getByName("2001:db8::7"), 80);

        Socks4Handshake exchange = Socks4Handshake.start(FW, target, "u");

        assertEquals(ProxyHandshake.Step.DONE, exchange.step());
        assertEquals(0, exchange.output().remaining());
        assertEquals(new Outcome(Outcome.Kind.SERVER_FAILURE, "SOCKS4 cannot carry the IPv6"
                + " address [2001:db8:0:0:0:0:0:7]:80 to sockd fw:1080; use a socks5:// server"
                + " for it, or add a direct rule for it to the configuration"), exchange.outcome());
    }

    @Test
    void nameLongerThan255BytesIsRefusedBeforeAnythingIsSent() {
        String name = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "."
                + "d".repeat(63) + ".e";

        Socks4Handshake exchange = Socks4Handshake.start(FW, new Target(name, null, 80), "u");

        assertEquals(ProxyHandshake.Step.DONE, exchange.step());
        assertEquals(Outcome.Kind.REFUSED, exchange.outcome().kind());
        assertEquals("cannot send the host name of " + name + ":80 to sockd fw:1080: it is 257"
                + " bytes long, more than the 255 a proxy can be sent", exchange.outcome().message());
    }

    @Test
    void nameOf255BytesIsSent() {
        String name = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "."
                + "d".repeat(63);

        byte[] sent = Wire.whole(Socks4Handshake.start(FW, new Target(name, null, 80), "u"),
                GRANT).sent();

        assertEquals(8 + 2 + 255 + 1, sent.length);
    }

    @Test
    void grantedAtEverySplitLeavesTheApplicationsBytes() throws Exception {
        byte[] server = concat(GRANT, APPLICATION);
        for (Wire.Run run : Wire.everySplit(() -> start(), server)) {
            assertSame(Outcome.GRANTED, run.outcome());
            assertEquals(GRANT.length, run.consumed());
        }
    }

    @Test
    void transportReadsTheReplyInOneReadWhenItArrivesWhole() throws Exception {
        Wire.Run run = Wire.whole(start(), concat(GRANT, APPLICATION));

        assertEquals(1, run.reads());
        assertEquals(8, run.consumed());
    }

    @ParameterizedTest
    @CsvSource({
        "91, request rejected or failed",
        "92, sockd cannot reach an identd on this host",
        "93, identd reported a different user id",
        "17, not a SOCKS4 reply code"})
    void refusalNamesServerDestinationAndCodeAtEverySplit(int code, String meaning) {
        byte[] reply = bytes(0, code, 0, 0, 0, 0, 0, 0);
        for (Wire.Run run : Wire.everySplit(() -> start(), reply)) {
            assertEquals(new Outcome(Outcome.Kind.REFUSED, "sockd fw:1080 could not connect to"
                    + " 10.2.0.7:44321 (SOCKS4 reply " + code + ": " + meaning + ")"), run.outcome());
        }
    }

    @Test
    void wrongVersionIsAServerFailureAsSoonAsItsByteArrives() {
        Socks4Handshake exchange = start();
        exchange.output().position(exchange.output().limit());

        exchange.receive(ByteBuffer.wrap(ascii("H")));

        assertEquals(new Outcome(Outcome.Kind.SERVER_FAILURE, "sockd fw:1080 sent a malformed"
                + " SOCKS4 reply (version 72, expected 0): is it a SOCKS4 server?"),
                exchange.outcome());
    }

    @Test
    void garbageAtEveryPositionIsJudgedByTheFieldItHits() {
        for (int position = 0; position < GRANT.length; position++) {
            for (int value = 0; value < 256; value++) {
                byte[] reply = concat(GRANT, APPLICATION);
                reply[position] = (byte) value;
                Wire.Run run = Wire.whole(start(), reply);
                if (position == 0 && value != 0) {
                    assertEquals(Outcome.Kind.SERVER_FAILURE, run.outcome().kind());
                    assertTrue(run.outcome().message().contains("(version " + value + ", expected 0)"));
                    assertTrue(run.consumed() <= 8);
                } else if (position == 1 && value != 90) {
                    assertEquals(Outcome.Kind.REFUSED, run.outcome().kind());
                    assertTrue(run.outcome().message().contains("(SOCKS4 reply " + value + ": "),
                            run.outcome().message());
                    assertEquals(8, run.consumed());
                } else {
                    // DSTPORT and DSTIP of a reply mean nothing to a CONNECT client
                    assertSame(Outcome.GRANTED, run.outcome());
                    assertEquals(8, run.consumed());
                }
            }
        }
    }

    @Test
    void endOfStreamAtEveryOffsetNamesHowMuchArrived() {
        for (int length = 0; length < GRANT.length; length++) {
            Wire.Run run = Wire.whole(start(), Wire.prefix(GRANT, length));
            assertEquals(new Outcome(Outcome.Kind.SERVER_FAILURE, "sockd fw:1080 closed the"
                    + " connection after " + length + " of 8 bytes of its SOCKS4 reply"),
                    run.outcome());
        }
    }

    @Test
    void brokenOffExchangeIsAServerFailureNamingTheError() {
        Socks4Handshake exchange = start();

        Outcome outcome = exchange.brokeOff("Connection reset");

        assertEquals(new Outcome(Outcome.Kind.SERVER_FAILURE,
                "sockd fw:1080 broke off the SOCKS4 exchange (Connection reset)"), outcome);
        assertEquals(ProxyHandshake.Step.DONE, exchange.step());
    }

    @Test
    void stageAndDebugLinesNameServerDestinationAndReply() {
        Socks4Handshake exchange = start();
        assertEquals("sockd fw:1080: waiting for the SOCKS4 reply for 10.2.0.7:44321",
                exchange.stage());
        assertEquals("sockd fw:1080: SOCKS4 CONNECT 10.2.0.7:44321 user alice",
                exchange.describeRequest());

        Wire.whole(exchange, bytes(0, 91, 0, 0, 0, 0, 0, 0));

        assertEquals("sockd fw:1080: reply 91 (request rejected or failed)",
                exchange.describeReply());
    }

    @Test
    void receivingWhileSendingIsAnError() {
        Socks4Handshake exchange = start();

        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> exchange.receive(ByteBuffer.wrap(GRANT)));

        assertEquals("the exchange is at step SEND, not receiving", e.getMessage());
    }

    private static Socks4Handshake start() {
        try {
            return Socks4Handshake.start(FW, ipv4(), "alice");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
