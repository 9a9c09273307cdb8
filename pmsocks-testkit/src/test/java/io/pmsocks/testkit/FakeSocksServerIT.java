package io.pmsocks.testkit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each fault of the fake SOCKS server, seen from a client on loopback (no namespace and no root needed). The request
 * is {@code CONNECT 10.231.2.2:44321} with user id {@code alice}.
 */
class FakeSocksServerIT {

    private static final byte[] REQUEST = {4, 1, (byte) 0xAD, 0x21, 10, (byte) 231, 2, 2, 'a', 'l', 'i', 'c', 'e', 0};
    private static final byte[] GRANTED = {0, 90, (byte) 0xAD, 0x21, 10, (byte) 231, 2, 2};
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static LocalHost host;

    @BeforeAll
    static void createHost() {
        host = LocalHost.create();
    }

    @AfterAll
    static void closeHost() {
        host.close();
    }

    @Test
    void grantRepliesNinetyThenEchoesAndRecordsTheRequest() throws IOException {
        try (TestServer server = start(FakeSocksBehaviour.grant()); Socket client = connect(server)) {
            client.getOutputStream().write(REQUEST);
            assertArrayEquals(GRANTED, client.getInputStream().readNBytes(8));
            client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            assertEquals("ping", new String(client.getInputStream().readNBytes(4), StandardCharsets.US_ASCII));
            assertEquals(List.of(new Socks4Request(4, 1, 44321, "10.231.2.2", "alice", Optional.empty())),
                    server.socksRequests());
        }
    }

    @Test
    void rejectRepliesTheCodeAndReportsWhenTheClientCloses() throws IOException {
        try (TestServer server = start(FakeSocksBehaviour.reject(92))) {
            try (Socket client = connect(server)) {
                client.getOutputStream().write(REQUEST);
                assertArrayEquals(new byte[] {0, 92, (byte) 0xAD, 0x21, 10, (byte) 231, 2, 2},
                        client.getInputStream().readNBytes(8));
                assertEquals(List.of(), server.clientsClosed(), "the client has not closed yet");
            }
            assertEquals(1, server.awaitClientsClosed(1, WAIT).size());
        }
    }

    @Test
    void garbageIsAnHttpAnswer() throws IOException {
        try (TestServer server = start(FakeSocksBehaviour.garbage()); Socket client = connect(server)) {
            client.getOutputStream().write(REQUEST);
            assertEquals("HTTP/1.1", new String(client.getInputStream().readNBytes(8), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void wrongVersionChangesOnlyTheFirstByte() throws IOException {
        try (TestServer server = start(FakeSocksBehaviour.wrongVersion(5)); Socket client = connect(server)) {
            client.getOutputStream().write(REQUEST);
            byte[] expected = GRANTED.clone();
            expected[0] = 5;
            assertArrayEquals(expected, client.getInputStream().readNBytes(8));
        }
    }

    @Test
    void shortSendsSomeBytesThenEndOfStream() throws IOException {
        try (TestServer server = start(FakeSocksBehaviour.shortReply(3)); Socket client = connect(server)) {
            client.getOutputStream().write(REQUEST);
            assertArrayEquals(Arrays.copyOf(GRANTED, 3), client.getInputStream().readNBytes(8));
        }
    }

    @Test
    void partialSendsSomeBytesThenHangs() throws IOException {
        try (TestServer server = start(FakeSocksBehaviour.partialReply(2)); Socket client = connect(server)) {
            client.getOutputStream().write(REQUEST);
            InputStream in = client.getInputStream();
            assertArrayEquals(Arrays.copyOf(GRANTED, 2), in.readNBytes(2));
            assertThrows(SocketTimeoutException.class, in::read);
        }
    }

    @Test
    void resetAbortsTheConnection() throws IOException {
        try (TestServer server = start(FakeSocksBehaviour.reset()); Socket client = connect(server)) {
            client.getOutputStream().write(REQUEST);
            SocketException reset = assertThrows(SocketException.class, () -> client.getInputStream().read());
            assertEquals("Connection reset", reset.getMessage());
        }
    }

    @Test
    void closeEndsTheStreamWithoutAReply() throws IOException {
        try (TestServer server = start(FakeSocksBehaviour.close()); Socket client = connect(server)) {
            client.getOutputStream().write(REQUEST);
            assertEquals(-1, client.getInputStream().read());
            assertEquals(1, server.socksRequests().size(), "the request was read before the close");
        }
    }

    @Test
    void stallReadsTheRequestAndNeverAnswers() throws IOException {
        try (TestServer server = start(FakeSocksBehaviour.stall()); Socket client = connect(server)) {
            client.getOutputStream().write(REQUEST);
            assertThrows(SocketTimeoutException.class, () -> client.getInputStream().read());
            assertEquals(1, server.socksRequests().size());
        }
    }

    @Test
    void aCutRequestIsReportedNotAnswered() throws IOException {
        try (TestServer server = start(FakeSocksBehaviour.grant())) {
            try (Socket client = connect(server)) {
                client.getOutputStream().write(Arrays.copyOf(REQUEST, 5));
                client.shutdownOutput();
                assertEquals(-1, client.getInputStream().read());
            }
            String error = server.process().awaitStdoutLine(l -> l.startsWith(FakeSocksServer.REQUEST_ERROR), WAIT);
            assertTrue(error.endsWith("request ended after 5 of its first 8 bytes"), error);
        }
    }

    private static TestServer start(FakeSocksBehaviour behaviour) {
        return TestServer.fakeSocks(host, "127.0.0.1", 0, behaviour);
    }

    private static Socket connect(TestServer server) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(server.address(), server.port()), 2000);
        socket.setSoTimeout(500);
        return socket;
    }
}
