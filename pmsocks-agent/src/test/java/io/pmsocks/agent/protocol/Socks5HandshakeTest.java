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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Socks5HandshakeTest {

    private static final String FW = "sockd socks5://fw:1080";
    private static final String PASSWORD = "S3cr3t-pw";
    private static final Credentials ALICE = new Credentials("alice", PASSWORD);
    private static final byte[] NO_AUTH = bytes(5, 0);
    private static final byte[] GRANT_IPV4 = bytes(5, 0, 0, 1, 10, 9, 8, 7, 0x1F, 0x90);
    private static final byte[] APPLICATION = ascii("SSH-2.0-x\r\n");

    private static Target ipv4() {
        return target(null, "10.2.0.7", 44321);
    }

    private static Target target(String name, String address, int port) {
        try {
            return new Target(name, address == null ? null : InetAddress.getByName(address), port);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Socks5Handshake start() {
        return Socks5Handshake.start(FW, ipv4(), null, false);
    }

    private static Socks5Handshake startWithPassword() {
        return Socks5Handshake.start(FW, ipv4(), ALICE, false);
    }

    @Test
    void greetingOffersNoAuthenticationAloneWithoutCredentials() {
        Socks5Handshake exchange = start();

        assertArrayEquals(bytes(5, 1, 0), drain(exchange));
        assertEquals(ProxyHandshake.Step.RECEIVE, exchange.step());
        assertEquals(2, exchange.wanted());
    }

    @Test
    void greetingOffersUserPasswordWhenCredentialsAreKnown() {
        assertArrayEquals(bytes(5, 2, 0, 2), drain(startWithPassword()));
    }

    @Test
    void connectRequestWaitsForTheMethodChoice() {
        Socks5Handshake exchange = start();
        drain(exchange);

        exchange.receive(ByteBuffer.wrap(bytes(5)));
        assertEquals(ProxyHandshake.Step.RECEIVE, exchange.step());
        assertEquals(1, exchange.wanted());
        exchange.receive(ByteBuffer.wrap(bytes(0)));

        assertEquals(ProxyHandshake.Step.SEND, exchange.step());
        assertArrayEquals(bytes(5, 1, 0, 1, 10, 2, 0, 7, 0xAD, 0x21), drain(exchange));
        assertEquals(5, exchange.wanted());
    }

    @Test
    void ipv6DestinationGoesAsAddressType4() {
        Target target = target(null, "2001:db8::7", 443);

        byte[] sent = Wire.whole(Socks5Handshake.start(FW, target, null, false),
                concat(NO_AUTH, GRANT_IPV4)).sent();

        assertArrayEquals(concat(bytes(5, 1, 0), bytes(5, 1, 0, 4, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 7, 1, 0xBB)), sent);
    }

    @Test
    void nameWithoutLocalAddressGoesAsAddressType3() {
        byte[] sent = Wire.whole(Socks5Handshake.start(FW, target("db.inside", null, 5432),
                null, false), concat(NO_AUTH, GRANT_IPV4)).sent();

        assertArrayEquals(concat(bytes(5, 1, 0), bytes(5, 1, 0, 3, 9), ascii("db.inside"),
                bytes(0x15, 0x38)), sent);
    }

    @Test
    void socks5SendsTheAddressOfAResolvedName() {
        Socks5Handshake exchange =
                Socks5Handshake.start(FW, target("db.inside", "10.2.0.7", 80), null, false);

        assertFalse(exchange.sendsName());
        byte[] sent = Wire.whole(exchange, concat(NO_AUTH, GRANT_IPV4)).sent();
        assertArrayEquals(concat(bytes(5, 1, 0), bytes(5, 1, 0, 1, 10, 2, 0, 7, 0, 80)), sent);
    }

    @Test
    void socks5hSendsTheNameEvenWhenItResolvedLocally() {
        Socks5Handshake exchange =
                Socks5Handshake.start(FW, target("db.inside", "10.2.0.7", 80), null, true);

        assertTrue(exchange.sendsName());
        byte[] sent = Wire.whole(exchange, concat(NO_AUTH, GRANT_IPV4)).sent();
        assertArrayEquals(concat(bytes(5, 1, 0), bytes(5, 1, 0, 3, 9), ascii("db.inside"),
                bytes(0, 80)), sent);
    }

    @Test
    void socks5hWithAnAddressOnlySendsTheAddress() {
        byte[] sent = Wire.whole(Socks5Handshake.start(FW, ipv4(), null, true),
                concat(NO_AUTH, GRANT_IPV4)).sent();

        assertArrayEquals(concat(bytes(5, 1, 0), bytes(5, 1, 0, 1, 10, 2, 0, 7, 0xAD, 0x21)), sent);
    }

    @Test
    void internationalisedNameGoesInItsIdnaForm() {
        byte[] sent = Wire.whole(Socks5Handshake.start(FW, target("Bücher.example", null, 443),
                null, true), concat(NO_AUTH, GRANT_IPV4)).sent();

        assertArrayEquals(concat(bytes(5, 1, 0), bytes(5, 1, 0, 3, 21),
                ascii("xn--bcher-kva.example"), bytes(1, 0xBB)), sent);
    }

    @Test
    void nameThatIdnaCannotEncodeIsRefusedBeforeAnythingIsSent() {
        Target target = target("a\u3002b\u3002" + "\u00e9".repeat(70) + ".example", null, 443);

        Socks5Handshake exchange = Socks5Handshake.start(FW, target, null, true);

        assertEquals(ProxyHandshake.Step.DONE, exchange.step());
        assertEquals(Outcome.Kind.REFUSED, exchange.outcome().kind());
        assertTrue(exchange.outcome().message().startsWith("cannot send the host name of "
                + target.display() + " to sockd socks5://fw:1080: IDNA cannot encode it ("),
                exchange.outcome().message());
    }

    @Test
    void nameLongerThan255BytesIsRefusedAndOf255IsSent() {
        String longest = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "."
                + "d".repeat(63);
        Wire.Run sent = Wire.whole(Socks5Handshake.start(FW, target(longest, null, 80), null,
                true), concat(NO_AUTH, GRANT_IPV4));
        assertEquals(3 + 4 + 1 + 255 + 2, sent.sent().length);
        assertEquals(255, sent.sent()[3 + 4] & 0xff);

        Socks5Handshake tooLong =
                Socks5Handshake.start(FW, target(longest + "e", null, 80), null, true);

        assertEquals(new Outcome(Outcome.Kind.REFUSED, "cannot send the host name of " + longest
                + "e:80 to sockd socks5://fw:1080: it is 256 bytes long, more than the 255 a proxy"
                + " can be sent"), tooLong.outcome());
    }

    @Test
    void nameWithAControlCharacterIsRefused() {
        Socks5Handshake exchange =
                Socks5Handshake.start(FW, target("evil\u0000.example", null, 80), null, true);

        assertEquals("cannot send the host name of evil\u0000.example:80 to sockd"
                + " socks5://fw:1080: it contains the character U+0000 at offset 4",
                exchange.outcome().message());
    }

    @Test
    void userPasswordSubNegotiationThenConnectAtEverySplit() {
        byte[] server = concat(bytes(5, 2), bytes(1, 0), GRANT_IPV4, APPLICATION);
        byte[] expected = concat(bytes(5, 2, 0, 2), bytes(1, 5), ascii("alice"), bytes(9),
                ascii(PASSWORD), bytes(5, 1, 0, 1, 10, 2, 0, 7, 0xAD, 0x21));
        for (Wire.Run run : Wire.everySplit(Socks5HandshakeTest::startWithPassword, server)) {
            assertSame(Outcome.GRANTED, run.outcome());
            assertArrayEquals(expected, run.sent());
            assertEquals(server.length - APPLICATION.length, run.consumed());
        }
    }

    @Test
    void authenticationStatusWithVersion5IsAccepted() {
        Wire.Run run = Wire.whole(startWithPassword(), concat(bytes(5, 2), bytes(5, 0), GRANT_IPV4));

        assertSame(Outcome.GRANTED, run.outcome());
    }

    @Test
    void passwordIsZeroedOnceSent() {
        Socks5Handshake exchange = startWithPassword();
        drain(exchange);
        exchange.receive(ByteBuffer.wrap(bytes(5, 2)));
        byte[] authentication = exchange.output().array();
        assertEquals(2 + 5 + 1 + PASSWORD.length(), authentication.length);
        drain(exchange);

        exchange.receive(ByteBuffer.wrap(bytes(1)));

        assertArrayEquals(new byte[authentication.length], authentication);
    }

    @Test
    void rejectedCredentialsAreARefusalNamingTheUser() {
        Wire.Run run = Wire.whole(startWithPassword(), concat(bytes(5, 2), bytes(1, 1)));

        assertEquals(new Outcome(Outcome.Kind.REFUSED, "sockd socks5://fw:1080 rejected the user"
                + " name and password of user alice (RFC 1929 status 1)"), run.outcome());
    }

    @Test
    void noAcceptableMethodWithoutCredentialsSaysWhereTheyAreLookedFor() {
        Wire.Run run = Wire.whole(start(), bytes(5, 0xff));

        assertEquals(new Outcome(Outcome.Kind.REFUSED, "sockd socks5://fw:1080 wants a user name"
                + " and password (SOCKS5 method choice FF (no acceptable method)), and none is known"
                + " for it; pmsocks takes the user name from USER@ in the server entry or"
                + " SOCKS_USERNAME, the password from SOCKS_PASSWORD, or both from the credentials"
                + " file ~/.config/pmsocks/credentials (PMSOCKS_CREDENTIALS names another)"),
                run.outcome());
    }

    @Test
    void userPasswordChosenThoughNotOfferedAlsoSaysCredentialsAreNeeded() {
        Wire.Run run = Wire.whole(start(), bytes(5, 2));

        assertTrue(run.outcome().message().startsWith("sockd socks5://fw:1080 wants a user name"
                + " and password (SOCKS5 method choice 02 (user name/password)), and none is"
                + " known for it; pmsocks takes"), run.outcome().message());
        assertEquals(Outcome.Kind.REFUSED, run.outcome().kind());
    }

    @Test
    void noAcceptableMethodDespiteCredentialsSuggestsGssapi() {
        Wire.Run run = Wire.whole(startWithPassword(), bytes(5, 0xff));

        assertEquals(new Outcome(Outcome.Kind.REFUSED, "sockd socks5://fw:1080 accepts none of"
                + " the SOCKS5 methods offered (no authentication, user name/password for user"
                + " alice): it may want GSSAPI, which pmsocks does not speak"), run.outcome());
    }

    @ParameterizedTest
    @CsvSource({
        "1, 01 (GSSAPI)",
        "3, 03 (CHAP)",
        "9, 09 (JSON parameter block)",
        "128, 80 (private method)",
        "77, 4D (unassigned)"})
    void methodPmsocksDoesNotSpeakIsNamed(int method, String name) {
        Wire.Run run = Wire.whole(startWithPassword(), bytes(5, method));

        assertEquals(new Outcome(Outcome.Kind.REFUSED, "sockd socks5://fw:1080 asks for SOCKS5"
                + " authentication method " + name + ", which pmsocks does not speak (it speaks no"
                + " authentication and user name/password): configure the server to accept one of"
                + " those for this client, or use another server"), run.outcome());
    }

    @ParameterizedTest
    @CsvSource({
        "1, general SOCKS server failure",
        "2, connection not allowed by the server's rules",
        "3, network unreachable",
        "4, host unreachable",
        "5, connection refused by the destination",
        "6, TTL expired",
        "7, command not supported",
        "8, address type not supported",
        "9, not a SOCKS5 reply code",
        "255, not a SOCKS5 reply code"})
    void everyReplyCodeIsNamedAtEverySplit(int code, String meaning) {
        byte[] server = concat(NO_AUTH, bytes(5, code, 0, 1, 0, 0, 0, 0, 0, 0));
        for (Wire.Run run : Wire.everySplit(Socks5HandshakeTest::start, server)) {
            assertEquals(new Outcome(Outcome.Kind.REFUSED, "sockd socks5://fw:1080 could not"
                    + " connect to 10.2.0.7:44321 (SOCKS5 reply " + code + ": " + meaning + ")"),
                    run.outcome());
        }
    }

    @Test
    void refusalCutShortAfterItsCodeStillNamesTheCode() {
        Wire.Run run = Wire.whole(start(), concat(NO_AUTH, bytes(5, 5)));

        assertEquals(new Outcome(Outcome.Kind.REFUSED, "sockd socks5://fw:1080 could not connect"
                + " to 10.2.0.7:44321 (SOCKS5 reply 5: connection refused by the destination)"),
                run.outcome());
    }

    @Test
    void grantWithEachAddressTypeIsReadExactlyAtEverySplit() {
        List<byte[]> replies = List.of(GRANT_IPV4,
                bytes(5, 0, 0, 4, 0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0x1F, 0x90),
                bytes(5, 0, 0, 3, 0, 0x1F, 0x90),
                bytes(5, 0, 0, 3, 1, 'x', 0x1F, 0x90),
                concat(bytes(5, 0, 0, 3, 9), ascii("fw.inside"), bytes(0x1F, 0x90)),
                concat(bytes(5, 0, 0, 3, 255), ascii("n".repeat(255)), bytes(0x1F, 0x90)));
        for (byte[] reply : replies) {
            byte[] server = concat(NO_AUTH, reply, APPLICATION);
            for (Wire.Run run : Wire.everySplit(Socks5HandshakeTest::start, server)) {
                assertSame(Outcome.GRANTED, run.outcome());
                assertEquals(NO_AUTH.length + reply.length, run.consumed());
            }
        }
    }

    @Test
    void transportReadsAGrantInTwoReads() {
        Wire.Run run = Wire.whole(start(), concat(NO_AUTH, GRANT_IPV4, APPLICATION));

        assertEquals(1 + 2, run.reads());
    }

    @Test
    void debugLinesNameMethodReplyAndBoundAddress() {
        Socks5Handshake exchange = startWithPassword();
        assertEquals("sockd socks5://fw:1080: SOCKS5 CONNECT 10.2.0.7:44321 by IPv4 address,"
                + " methods offered: no authentication, user name/password (user alice)",
                exchange.describeRequest());

        Wire.whole(exchange, concat(bytes(5, 2), bytes(1, 0),
                bytes(5, 0, 0, 4, 0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0x1F, 0x90)));

        assertEquals("sockd socks5://fw:1080: method 02 (user name/password), authentication"
                + " status 0, reply 0 (succeeded), bound [2001:db8:0:0:0:0:0:9]:8080",
                exchange.describeReply());
    }

    @Test
    void stageNamesWhatIsAwaited() {
        Socks5Handshake exchange = startWithPassword();
        assertEquals("sockd socks5://fw:1080: waiting for the SOCKS5 method choice", exchange.stage());
        drain(exchange);
        exchange.receive(ByteBuffer.wrap(bytes(5, 2)));
        assertEquals("sockd socks5://fw:1080: waiting for the SOCKS5 authentication status for"
                + " user alice", exchange.stage());
        drain(exchange);
        exchange.receive(ByteBuffer.wrap(bytes(1, 0)));
        assertEquals("sockd socks5://fw:1080: waiting for the SOCKS5 reply for 10.2.0.7:44321",
                exchange.stage());
    }

    @Test
    void endOfStreamAtEveryOffsetNamesTheMessageAndHowMuchArrived() {
        byte[] server = concat(bytes(5, 2), bytes(1, 0), GRANT_IPV4);
        List<String> expected = List.of(
                "closed the connection after 0 of 2 bytes of its SOCKS5 method choice: is it a"
                        + " SOCKS5 server?",
                "closed the connection after 1 of 2 bytes of its SOCKS5 method choice",
                "closed the connection after 0 of 2 bytes of its SOCKS5 authentication status",
                "closed the connection after 1 of 2 bytes of its SOCKS5 authentication status",
                "closed the connection after 0 bytes of its SOCKS5 reply (at least 7 expected)",
                "closed the connection after 1 bytes of its SOCKS5 reply (at least 7 expected)",
                "closed the connection after 2 bytes of its SOCKS5 reply (at least 7 expected)",
                "closed the connection after 3 bytes of its SOCKS5 reply (at least 7 expected)",
                "closed the connection after 4 bytes of its SOCKS5 reply (at least 7 expected)",
                "closed the connection after 5 of 10 bytes of its SOCKS5 reply",
                "closed the connection after 6 of 10 bytes of its SOCKS5 reply",
                "closed the connection after 7 of 10 bytes of its SOCKS5 reply",
                "closed the connection after 8 of 10 bytes of its SOCKS5 reply",
                "closed the connection after 9 of 10 bytes of its SOCKS5 reply");
        for (int length = 0; length < server.length; length++) {
            Wire.Run run = Wire.whole(startWithPassword(), Wire.prefix(server, length));
            assertEquals(new Outcome(Outcome.Kind.SERVER_FAILURE, FW + " " + expected.get(length)),
                    run.outcome());
        }
    }

    @Test
    void garbageAtEveryPositionIsJudgedByTheFieldItHits() {
        byte[] conversation = concat(NO_AUTH, GRANT_IPV4);
        for (int position = 0; position < conversation.length; position++) {
            for (int value = 0; value < 256; value++) {
                // enough after the reply for a longer address type to be read from
                byte[] server = concat(conversation, APPLICATION, APPLICATION);
                server[position] = (byte) value;
                Outcome outcome = Wire.whole(start(), server).outcome();
                String message = outcome.message();
                boolean unchanged = value == (conversation[position] & 0xff);
                if (unchanged || position == 4 || position >= 6) {
                    // RSV, BND.ADDR and BND.PORT: nothing a client checks
                    assertSame(Outcome.GRANTED, outcome);
                } else if (position == 0) {
                    assertEquals(FW + " sent a malformed SOCKS5 method choice (version " + value
                            + ", expected 5): is it a SOCKS5 server?", message);
                } else if (position == 1) {
                    assertEquals(Outcome.Kind.REFUSED, outcome.kind(), message);
                    assertTrue(message.contains(Socks5Handshake.methodName(value)), message);
                } else if (position == 2) {
                    assertEquals(FW + " sent a malformed SOCKS5 reply (version " + value
                            + ", expected 5)", message);
                } else if (position == 3) {
                    assertTrue(message.endsWith("(SOCKS5 reply " + value + ": "
                            + Socks5Handshake.meaning(value) + ")"), message);
                } else if (value == 3 || value == 4) {
                    // another address type changes the length: a different, valid reply
                    assertSame(Outcome.GRANTED, outcome);
                } else {
                    assertEquals(FW + " sent a malformed SOCKS5 reply (address type " + value
                            + ", expected 1, 3 or 4)", message);
                }
            }
        }
    }

    @Test
    void credentialsTooLongForRfc1929AreRefusedBeforeAnythingIsSent() {
        Socks5Handshake longUser =
                Socks5Handshake.start(FW, ipv4(), new Credentials("u".repeat(256), "pw"), false);
        Socks5Handshake longPassword =
                Socks5Handshake.start(FW, ipv4(), new Credentials("alice", "p".repeat(256)), false);

        assertEquals(new Outcome(Outcome.Kind.REFUSED, "cannot authenticate to sockd"
                + " socks5://fw:1080: the user name is 256 bytes long, more than the 255 that RFC"
                + " 1929 can carry"), longUser.outcome());
        assertEquals(new Outcome(Outcome.Kind.REFUSED, "cannot authenticate to sockd"
                + " socks5://fw:1080: the password of user alice is longer than the 255 bytes that"
                + " RFC 1929 can carry"), longPassword.outcome());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
    void passwordAppearsInNoMessageAtAnyPoint(int cut) {
        List<byte[]> servers = List.of(
                concat(bytes(5, 2), bytes(1, 0), GRANT_IPV4),
                concat(bytes(5, 2), bytes(1, 1)),
                concat(bytes(5, 2), bytes(1, 0), bytes(5, 2, 0, 1, 0, 0, 0, 0, 0, 0)),
                bytes(5, 0xff),
                bytes(5, 1));
        for (byte[] server : servers) {
            Socks5Handshake exchange = startWithPassword();
            Wire.Run run = Wire.whole(exchange, Wire.prefix(server, Math.min(cut, server.length)));
            for (String text : texts(exchange, run.outcome())) {
                assertFalse(text.contains(PASSWORD), text);
            }
        }
        assertFalse(ALICE.toString().contains(PASSWORD));
    }

    static List<String> texts(ProxyHandshake exchange, Outcome outcome) {
        List<String> texts = new ArrayList<>();
        texts.add(outcome.message());
        texts.add(outcome.toString());
        texts.add(exchange.toString());
        texts.add(exchange.stage());
        texts.add(exchange.describeRequest());
        texts.add(exchange.describeReply());
        texts.add(exchange.brokeOff("reset").message());
        return texts;
    }

    private static byte[] drain(ProxyHandshake exchange) {
        ByteBuffer output = exchange.output();
        byte[] bytes = new byte[output.remaining()];
        output.get(bytes);
        return bytes;
    }

    static <T> Supplier<T> supplier(T value) {
        return () -> value;
    }
}
