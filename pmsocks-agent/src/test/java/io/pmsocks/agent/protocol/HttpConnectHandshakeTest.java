package io.pmsocks.agent.protocol;

import static io.pmsocks.agent.protocol.Wire.ascii;
import static io.pmsocks.agent.protocol.Wire.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpConnectHandshakeTest {

    private static final String PROXY = "proxy http://fw:3128";
    private static final String PASSWORD = "S3cr3t pw:x";
    private static final Credentials ALICE = new Credentials("alice", PASSWORD);
    private static final byte[] OK = ascii("HTTP/1.1 200 Connection established\r\n\r\n");
    private static final byte[] TINYPROXY = ascii("HTTP/1.0 200 Connection established\r\n"
            + "Proxy-agent: tinyproxy/1.11.1\r\n\r\n");
    /** What the destination sends first; it must stay for the application. */
    private static final byte[] APPLICATION = ascii("SSH-2.0-x\r\n\r\n");

    private static Target target(String name, String address, int port) {
        try {
            return new Target(name, address == null ? null : InetAddress.getByName(address), port);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HttpConnectHandshake start() {
        return HttpConnectHandshake.start(PROXY, target("db.inside", "10.2.0.7", 5432), null);
    }

    private static HttpConnectHandshake startWithPassword() {
        return HttpConnectHandshake.start(PROXY, target("db.inside", "10.2.0.7", 5432), ALICE);
    }

    @Test
    void requestNamesTheHostTheApplicationGave() {
        assertArrayEquals(ascii("CONNECT db.inside:5432 HTTP/1.1\r\nHost: db.inside:5432\r\n\r\n"),
                Wire.whole(start(), OK).sent());
    }

    @Test
    void requestCarriesAnIpv4Address() {
        byte[] sent = Wire.whole(HttpConnectHandshake.start(PROXY, target(null, "10.2.0.7", 80),
                null), OK).sent();

        assertArrayEquals(ascii("CONNECT 10.2.0.7:80 HTTP/1.1\r\nHost: 10.2.0.7:80\r\n\r\n"), sent);
    }

    @Test
    void ipv6AddressGoesInBracketsWithoutItsScope() throws Exception {
        InetAddress scoped = InetAddress.getByName("fe80::1%1");
        HttpConnectHandshake global = HttpConnectHandshake.start(PROXY,
                target(null, "2001:db8::7", 443), null);
        HttpConnectHandshake linkLocal = HttpConnectHandshake.start(PROXY,
                new Target(null, scoped, 443), null);

        assertArrayEquals(ascii("CONNECT [2001:db8:0:0:0:0:0:7]:443 HTTP/1.1\r\n"
                + "Host: [2001:db8:0:0:0:0:0:7]:443\r\n\r\n"), Wire.whole(global, OK).sent());
        assertEquals("[fe80:0:0:0:0:0:0:1]:443", linkLocal.authority());
    }

    @Test
    void internationalisedNameIsSentInItsIdnaForm() {
        HttpConnectHandshake exchange =
                HttpConnectHandshake.start(PROXY, target("bücher.example", null, 443), null);

        assertEquals("xn--bcher-kva.example:443", exchange.authority());
    }

    @Test
    void nameThatWouldSplitTheRequestLineIsRefused() {
        HttpConnectHandshake exchange = HttpConnectHandshake.start(PROXY,
                target("a.example:1 HTTP/1.1\r\nX-Evil: 1\r\n\r\nGET", null, 80), null);

        assertEquals(ProxyHandshake.Step.DONE, exchange.step());
        assertEquals(Outcome.Kind.REFUSED, exchange.outcome().kind());
        assertTrue(exchange.outcome().message().endsWith(": it contains the character U+0020 at"
                + " offset 11"), exchange.outcome().message());
    }

    @Test
    void credentialsGoAsBasicProxyAuthorization() {
        String basic = Base64.getEncoder().encodeToString(ascii("alice:" + PASSWORD));

        assertArrayEquals(ascii("CONNECT db.inside:5432 HTTP/1.1\r\nHost: db.inside:5432\r\n"
                + "Proxy-Authorization: Basic " + basic + "\r\n\r\n"),
                Wire.whole(startWithPassword(), OK).sent());
    }

    @Test
    void userNameWithAColonIsRefusedBeforeAnythingIsSent() {
        HttpConnectHandshake exchange = HttpConnectHandshake.start(PROXY, target(null, "10.2.0.7",
                80), new Credentials("dom:alice", PASSWORD));

        assertEquals(new Outcome(Outcome.Kind.REFUSED, "cannot authenticate to proxy"
                + " http://fw:3128: the user name dom:alice contains ':', which HTTP Basic"
                + " authentication cannot carry"), exchange.outcome());
    }

    @Test
    void requestWithThePasswordIsZeroedOnceSent() {
        HttpConnectHandshake exchange = startWithPassword();
        byte[] request = exchange.output().array();
        exchange.output().position(request.length);

        exchange.receive(ByteBuffer.wrap(ascii("H")));

        assertArrayEquals(new byte[request.length], request);
    }

    @Test
    void grantReadUpToItsBlankLineAtEverySplit() {
        for (byte[] response : List.of(OK, TINYPROXY, ascii("HTTP/1.1 200\r\n\r\n"),
                ascii("HTTP/1.1 204 \r\n\r\n"), ascii("HTTP/2 200\r\n\r\n"),
                ascii("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nVia: x\r\n\r\n"))) {
            byte[] server = concat(response, APPLICATION);
            for (Wire.Run run : Wire.everySplit(HttpConnectHandshakeTest::start, server)) {
                assertSame(Outcome.GRANTED, run.outcome(), new String(response));
                assertEquals(response.length, run.consumed(), new String(response));
            }
        }
    }

    @Test
    void readsAskForFourBytesAtMostOnceTheStatusCodeIsIn() {
        Wire.Run run = Wire.whole(start(), concat(OK, APPLICATION));

        // 12 bytes, then 4 at a time: 39 bytes in 8 reads, where one per byte would take 39
        assertEquals(8, run.reads());
    }

    @Test
    void otherStatusIsARefusalNamingProxyDestinationAndStatusLine() {
        byte[] server = ascii("HTTP/1.1 403 Forbidden\r\nContent-Length: 5\r\n\r\nnope!");
        for (Wire.Run run : Wire.everySplit(HttpConnectHandshakeTest::start, server)) {
            assertEquals(new Outcome(Outcome.Kind.REFUSED, "proxy http://fw:3128 could not connect"
                    + " to db.inside:5432 (HTTP/1.1 403 Forbidden)"), run.outcome());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 502 Bad Gateway", "HTTP/1.0 301 Moved", "HTTP/1.1 101 Up",
        "HTTP/1.1 500"})
    void everyNon2xxFinalStatusIsARefusal(String statusLine) {
        Wire.Run run = Wire.whole(start(), ascii(statusLine + "\r\n\r\n"));

        assertEquals(new Outcome(Outcome.Kind.REFUSED, "proxy http://fw:3128 could not connect"
                + " to db.inside:5432 (" + statusLine + ")"), run.outcome());
    }

    @Test
    void status407WithoutCredentialsSaysWhereTheyAreLookedFor() {
        byte[] server = ascii("HTTP/1.1 407 Proxy Authentication Required\r\n"
                + "Proxy-Authenticate: Basic realm=\"fw, inside\"\r\nContent-Length: 0\r\n\r\n");
        for (Wire.Run run : Wire.everySplit(HttpConnectHandshakeTest::start, server)) {
            assertEquals(new Outcome(Outcome.Kind.REFUSED, "proxy http://fw:3128 wants a user name"
                    + " and password (HTTP/1.1 407 Proxy Authentication Required;"
                    + " Proxy-Authenticate: Basic), and none is known for it; pmsocks takes the"
                    + " user name from USER@ in the server entry or SOCKS_USERNAME, the password"
                    + " from SOCKS_PASSWORD, or both from the credentials file"
                    + " ~/.config/pmsocks/credentials (PMSOCKS_CREDENTIALS names another)"),
                    run.outcome());
        }
    }

    @Test
    void status407WithCredentialsSaysTheyWereRejected() {
        Wire.Run run = Wire.whole(startWithPassword(), ascii("HTTP/1.1 407 Denied\r\n"
                + "proxy-authenticate: Basic realm=\"fw\"\r\n\r\n"));

        assertEquals(new Outcome(Outcome.Kind.REFUSED, "proxy http://fw:3128 rejected the user"
                + " name and password of user alice (HTTP/1.1 407 Denied; Proxy-Authenticate:"
                + " Basic)"), run.outcome());
    }

    @Test
    void status407ForNtlmOrNegotiateNamesWhatTheProxyAskedFor() {
        Wire.Run run = Wire.whole(startWithPassword(), ascii("HTTP/1.1 407 Auth\r\n"
                + "Proxy-Authenticate: NTLM\r\nProxy-Authenticate: Negotiate\r\n"
                + "Proxy-Connection: close\r\n\r\n"));

        assertEquals(new Outcome(Outcome.Kind.REFUSED, "proxy http://fw:3128 asks for NTLM,"
                + " Negotiate authentication (HTTP/1.1 407 Auth; Proxy-Authenticate: NTLM,"
                + " Negotiate), which pmsocks does not speak: it speaks Basic only; allow Basic"
                + " authentication (or no authentication) for this client, or use another proxy"),
                run.outcome());
    }

    @Test
    void challengeListsAreSplitIntoSchemes() {
        assertEquals(List.of("Negotiate", "Digest", "Basic"), HttpConnectHandshake.AuthChallenges
                .schemes(" Negotiate abc==, Digest realm=\"a, b\", nonce = \"x\", Basic realm=x"));
    }

    @Test
    void endlessHeadersFailInsteadOfGrowing() {
        StringBuilder endless = new StringBuilder("HTTP/1.1 200 OK\r\n");
        while (endless.length() <= HttpConnectHandshake.MAX_RESPONSE_BYTES + 100) {
            endless.append("X-Padding: 0123456789abcdef0123456789abcdef\r\n");
        }
        Wire.Run run = Wire.whole(start(), ascii(endless.toString()));

        assertEquals(new Outcome(Outcome.Kind.SERVER_FAILURE, "proxy http://fw:3128 sent more"
                + " than 16384 bytes of response headers without ending them"), run.outcome());
        assertTrue(run.consumed() <= HttpConnectHandshake.MAX_RESPONSE_BYTES + 1);
    }

    @Test
    void oneEndlessHeaderLineFailsToo() {
        byte[] server = concat(ascii("HTTP/1.1 407 x\r\nProxy-Authenticate: "),
                ascii("a".repeat(HttpConnectHandshake.MAX_RESPONSE_BYTES)));

        Wire.Run run = Wire.whole(start(), server);

        assertEquals(Outcome.Kind.SERVER_FAILURE, run.outcome().kind());
    }

    @Test
    void bareLineFeedIsMalformed() {
        Wire.Run run = Wire.whole(start(), ascii("HTTP/1.1 200 OK\n\n"));

        assertEquals(new Outcome(Outcome.Kind.SERVER_FAILURE, "proxy http://fw:3128 sent a"
                + " malformed HTTP response: a line ended in a bare LF, not CR LF"), run.outcome());
    }

    @Test
    void notAnHttpResponseFailsAtTheFirstWrongByte() {
        Wire.Run socks = Wire.whole(start(), Wire.bytes(5, 0xff));
        Wire.Run other = Wire.whole(start(), ascii("HTTX/1.1 200 OK\r\n\r\n"));

        assertEquals(new Outcome(Outcome.Kind.SERVER_FAILURE, "proxy http://fw:3128 sent something"
                + " other than an HTTP response to CONNECT ('?'): is it an HTTP proxy?"),
                socks.outcome());
        assertEquals("proxy http://fw:3128 sent something other than an HTTP response to CONNECT"
                + " ('HTTX'): is it an HTTP proxy?", other.outcome().message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "HTTP/1.1 abc OK",
        "HTTP/1.1200 OK", "HTTP/1.1  200 OK", "HTTP/1.1 099 x"})
    void malformedStatusLineIsAServerFailure(String statusLine) {
        Wire.Run run = Wire.whole(start(), ascii(statusLine + "\r\n\r\n"));

        assertEquals(new Outcome(Outcome.Kind.SERVER_FAILURE, "proxy http://fw:3128 sent a"
                + " malformed HTTP status line (" + statusLine + ")"), run.outcome());
    }

    @Test
    void garbageAtEveryPositionNeverReadsPastTheResponse() {
        byte[] response = TINYPROXY;
        for (int position = 0; position < response.length; position++) {
            for (int value = 0; value < 256; value++) {
                byte[] server = concat(response, APPLICATION);
                server[position] = (byte) value;
                Wire.Run run = Wire.whole(start(), server);
                Outcome outcome = run.outcome();
                if (outcome.granted()) {
                    // A CR or LF put in may end the headers earlier; one taken out of the
                    // blank line moves the end into what follows, as it would for any client.
                    boolean lineEnd = value == '\r' || value == '\n';
                    boolean wasLineEnd = response[position] == '\r' || response[position] == '\n';
                    if (!wasLineEnd) {
                        assertTrue(lineEnd ? run.consumed() <= response.length
                                : run.consumed() == response.length, position + "=" + value);
                    }
                    continue;
                }
                assertTrue(outcome.message().startsWith(PROXY), outcome.message());
                if (position < 5) {
                    assertTrue(outcome.message().contains("is it an HTTP proxy?"),
                            outcome.message());
                }
                assertTrue(run.consumed() <= response.length + APPLICATION.length);
            }
        }
    }

    @Test
    void endOfStreamAtEveryOffsetIsAServerFailure() {
        for (int length = 0; length < TINYPROXY.length; length++) {
            Wire.Run run = Wire.whole(start(), Wire.prefix(TINYPROXY, length));
            String expected = length < 37 ? "proxy http://fw:3128 closed the connection after "
                    + length + " bytes of its response to CONNECT, before the end of its status line"
                    : "proxy http://fw:3128 closed the connection before the end of the headers of"
                    + " its response to CONNECT (HTTP/1.0 200 Connection established)";
            assertEquals(new Outcome(Outcome.Kind.SERVER_FAILURE, expected), run.outcome());
        }
    }

    @Test
    void passwordAppearsInNoMessage() {
        List<byte[]> servers = List.of(OK, ascii("HTTP/1.1 407 x\r\n\r\n"),
                ascii("HTTP/1.1 403 x\r\n"), ascii("HTTP/1.1 407 x\r\nProxy-Authenticate: NTLM\r\n\r\n"),
                ascii("garbage"), ascii("HTTP/1.1 200 OK\r\n"));
        for (byte[] server : servers) {
            for (int cut = 0; cut <= server.length; cut++) {
                HttpConnectHandshake exchange = startWithPassword();
                Wire.Run run = Wire.whole(exchange, Wire.prefix(server, cut));
                for (String text : Socks5HandshakeTest.texts(exchange, run.outcome())) {
                    assertFalse(text.contains(PASSWORD), text);
                    assertFalse(text.contains(Base64.getEncoder().encodeToString(
                            ascii("alice:" + PASSWORD))), text);
                }
            }
        }
    }

    @Test
    void debugLinesAndStage() {
        HttpConnectHandshake exchange = startWithPassword();
        assertEquals("proxy http://fw:3128: CONNECT db.inside:5432 HTTP/1.1, Basic authentication"
                + " as user alice", exchange.describeRequest());
        assertEquals("proxy http://fw:3128: waiting for the response to CONNECT db.inside:5432",
                exchange.stage());

        Wire.whole(exchange, TINYPROXY);

        assertEquals("proxy http://fw:3128: HTTP/1.0 200 Connection established",
                exchange.describeReply());
    }
}
