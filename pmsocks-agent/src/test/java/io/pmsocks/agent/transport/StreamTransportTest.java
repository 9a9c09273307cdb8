package io.pmsocks.agent.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.agent.protocol.Credentials;
import io.pmsocks.agent.protocol.HttpConnectHandshake;
import io.pmsocks.agent.protocol.Outcome;
import io.pmsocks.agent.protocol.ProxyHandshake;
import io.pmsocks.agent.protocol.Socks4Handshake;
import io.pmsocks.agent.protocol.Socks5Handshake;
import io.pmsocks.agent.protocol.Target;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StreamTransportTest {

    static final byte[] APPLICATION = "SSH-2.0-x\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] GREETING = {5, 1, 0};
    static final byte[] NO_AUTH = {5, 0};
    static final byte[] REQUEST = {5, 1, 0, 1, 10, 2, 0, 7, 0x1F, (byte) 0x90};
    static final byte[] GRANT = {5, 0, 0, 1, 10, 9, 8, 7, 0x1F, (byte) 0x90};

    static Target target() {
        try {
            return new Target(null, InetAddress.getByName("10.2.0.7"), 8080);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Socks5Handshake socks5() {
        return Socks5Handshake.start("sockd socks5://fw:1080", target(), null, false);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void inMemoryExchangeLeavesTheApplicationsBytesInTheStream() throws Exception {
        ByteArrayInputStream in = new ByteArrayInputStream(concat(NO_AUTH, GRANT, APPLICATION));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicInteger reads = new AtomicInteger();

        Outcome outcome = StreamTransport.run(socks5(), in, out, exchange -> reads.incrementAndGet());

        assertSame(Outcome.Kind.GRANTED, outcome.kind());
        assertArrayEquals(concat(GREETING, REQUEST), out.toByteArray());
        assertArrayEquals(APPLICATION, in.readAllBytes());
        assertEquals(3, reads.get());
    }

    @Test
    void oneByteAtATimeStillEndsExactlyAtTheReply() throws Exception {
        byte[] response = "HTTP/1.1 200 OK\r\nVia: fw\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        InputStream trickle = new ByteArrayInputStream(concat(response, APPLICATION)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };

        Outcome outcome = StreamTransport.run(HttpConnectHandshake.start("proxy http://fw:3128",
                target(), null), trickle, new ByteArrayOutputStream(), BeforeRead.NOTHING);

        assertSame(Outcome.Kind.GRANTED, outcome.kind());
        assertArrayEquals(APPLICATION, trickle.readAllBytes());
    }

    @Test
    void endOfStreamIsAServerFailure() throws Exception {
        Outcome outcome = StreamTransport.run(socks5(), new ByteArrayInputStream(NO_AUTH),
                new ByteArrayOutputStream(), BeforeRead.NOTHING);

        assertEquals(new Outcome(Outcome.Kind.SERVER_FAILURE, "sockd socks5://fw:1080 closed the"
                + " connection after 0 bytes of its SOCKS5 reply (at least 7 expected)"), outcome);
    }

    @Test
    void resetIsAServerFailureNamingTheError() throws Exception {
        InputStream reset = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new SocketException("Connection reset");
            }
        };

        Outcome outcome = StreamTransport.run(socks5(), reset, new ByteArrayOutputStream(),
                BeforeRead.NOTHING);

        assertEquals(new Outcome(Outcome.Kind.SERVER_FAILURE, "sockd socks5://fw:1080 broke off"
                + " the SOCKS5 exchange (Connection reset)"), outcome);
    }

    @Test
    void timeoutPropagatesForTheRouteToName() {
        InputStream stalled = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new SocketTimeoutException("Read timed out");
            }
        };

        assertThrows(SocketTimeoutException.class, () -> StreamTransport.run(socks5(), stalled,
                new ByteArrayOutputStream(), BeforeRead.NOTHING));
    }

    @Test
    void beforeReadMayEndTheExchange() {
        SocketTimeoutException expired = new SocketTimeoutException("no time left");

        SocketTimeoutException thrown = assertThrows(SocketTimeoutException.class,
                () -> StreamTransport.run(socks5(), new ByteArrayInputStream(NO_AUTH),
                        new ByteArrayOutputStream(), exchange -> {
                            throw expired;
                        }));

        assertSame(expired, thrown);
    }

    @Test
    void exchangeDoneBeforeStartingTouchesNoStream() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Socks4Handshake ipv6 = Socks4Handshake.start("sockd fw:1080",
                new Target(null, InetAddress.getByName("2001:db8::1"), 80), "u");

        Outcome outcome = StreamTransport.run(ipv6, new ByteArrayInputStream(new byte[0]), out,
                BeforeRead.NOTHING);

        assertEquals(Outcome.Kind.SERVER_FAILURE, outcome.kind());
        assertEquals(0, out.size());
    }

    @Test
    void loopbackSocketWithPasswordAndRepliesInPieces() throws Exception {
        byte[] authentication = concat(new byte[] {1, 5}, "alice".getBytes(StandardCharsets.US_ASCII),
                new byte[] {2}, "pw".getBytes(StandardCharsets.US_ASCII));
        List<ScriptedServer.Turn> turns = List.of(
                new ScriptedServer.Turn(4, new byte[] {5, 2}),
                new ScriptedServer.Turn(authentication.length, new byte[] {1, 0}),
                new ScriptedServer.Turn(REQUEST.length, concat(GRANT, APPLICATION)));
        try (ScriptedServer server = new ScriptedServer(turns, true);
                Socket socket = new Socket()) {
            socket.connect(server.address());
            Socks5Handshake exchange = Socks5Handshake.start("sockd socks5://fw:1080", target(),
                    new Credentials("alice", "pw"), false);

            Outcome outcome = StreamTransport.run(exchange, socket.getInputStream(),
                    socket.getOutputStream(), e -> socket.setSoTimeout(30_000));

            assertSame(Outcome.Kind.GRANTED, outcome.kind());
            assertArrayEquals(APPLICATION, socket.getInputStream().readNBytes(APPLICATION.length));
            assertArrayEquals(concat(new byte[] {5, 2, 0, 2}, authentication, REQUEST),
                    server.received());
        }
    }

    @Test
    void blockingChannelThroughItsSocketAdaptorHonoursTheReadTimeout() throws Exception {
        List<ScriptedServer.Turn> turns = List.of(new ScriptedServer.Turn(3, null));
        try (ScriptedServer server = new ScriptedServer(turns, false);
                SocketChannel channel = SocketChannel.open(server.address())) {
            Socket adaptor = channel.socket();

            assertThrows(SocketTimeoutException.class, () -> StreamTransport.run(socks5(),
                    adaptor.getInputStream(), adaptor.getOutputStream(),
                    exchange -> adaptor.setSoTimeout(50)));
            assertTrue(channel.isOpen());
        }
    }

    @Test
    void interruptClosesTheAdaptorsChannelAndPropagates() throws Exception {
        List<ScriptedServer.Turn> turns = List.of(new ScriptedServer.Turn(3, null));
        try (ScriptedServer server = new ScriptedServer(turns, false);
                SocketChannel channel = SocketChannel.open(server.address())) {
            Socket adaptor = channel.socket();
            CompletableFuture<Throwable> thrown = new CompletableFuture<>();
            Thread client = new Thread(() -> {
                try {
                    StreamTransport.run(socks5(), adaptor.getInputStream(),
                            adaptor.getOutputStream(), BeforeRead.NOTHING);
                    thrown.complete(null);
                } catch (Throwable t) {
                    thrown.complete(t);
                }
            });
            client.start();
            server.received(); // the greeting arrived: the client is reading or about to
            client.interrupt();

            assertEquals(ClosedByInterruptException.class,
                    thrown.get(30, TimeUnit.SECONDS).getClass());
        }
    }
}
