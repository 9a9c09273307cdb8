package io.pmsocks.agent.transport;

import static io.pmsocks.agent.transport.StreamTransportTest.APPLICATION;
import static io.pmsocks.agent.transport.StreamTransportTest.GRANT;
import static io.pmsocks.agent.transport.StreamTransportTest.GREETING;
import static io.pmsocks.agent.transport.StreamTransportTest.REQUEST;
import static io.pmsocks.agent.transport.StreamTransportTest.concat;
import static io.pmsocks.agent.transport.StreamTransportTest.socks5;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.agent.protocol.HttpConnectHandshake;
import io.pmsocks.agent.protocol.Outcome;
import io.pmsocks.agent.protocol.ProxyHandshake;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChannelTransportTest {

    private static final List<ScriptedServer.Turn> GRANTING = List.of(
            new ScriptedServer.Turn(GREETING.length, new byte[] {5, 0}),
            new ScriptedServer.Turn(REQUEST.length, concat(GRANT, APPLICATION)));

    @Test
    void blockingChannelRunsToTheGrantAndLeavesTheApplicationsBytes() throws Exception {
        try (ScriptedServer server = new ScriptedServer(GRANTING, true);
                SocketChannel channel = SocketChannel.open(server.address())) {
            Outcome outcome = ChannelTransport.run(socks5(), channel, BeforeRead.NOTHING);

            assertEquals(Outcome.Kind.GRANTED, outcome.kind());
            assertArrayEquals(concat(GREETING, REQUEST), server.received());
            assertArrayEquals(APPLICATION, readFully(channel, APPLICATION.length));
        }
    }

    @Test
    void nonBlockingChannelAdvancesAsTheSelectorReportsReadiness() throws Exception {
        byte[] response = "HTTP/1.1 200 Connection established\r\nVia: 1.1 fw\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        HttpConnectHandshake exchange = HttpConnectHandshake.start("proxy http://fw:3128",
                StreamTransportTest.target(), null);
        int requestLength = exchange.output().remaining();
        List<ScriptedServer.Turn> turns =
                List.of(new ScriptedServer.Turn(requestLength, concat(response, APPLICATION)));
        try (ScriptedServer server = new ScriptedServer(turns, true);
                SocketChannel channel = SocketChannel.open(server.address());
                Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, 0);
            ByteBuffer buffer = ChannelTransport.newBuffer();
            int waits = 0;
            ProxyHandshake.Step step;
            while ((step = ChannelTransport.advance(exchange, channel, buffer, BeforeRead.NOTHING))
                    != ProxyHandshake.Step.DONE) {
                key.interestOps(step == ProxyHandshake.Step.SEND ? SelectionKey.OP_WRITE
                        : SelectionKey.OP_READ);
                selector.select();
                selector.selectedKeys().clear();
                waits++;
            }

            assertEquals(Outcome.Kind.GRANTED, exchange.outcome().kind());
            assertTrue(waits > 0, "the reply arrived in pieces, so readiness was waited for");
            key.cancel();
            selector.selectNow();
            channel.configureBlocking(true);
            assertArrayEquals(APPLICATION, readFully(channel, APPLICATION.length));
        }
    }

    @Test
    void nonBlockingChannelIsRefusedByRun() throws Exception {
        try (SocketChannel channel = SocketChannel.open()) {
            channel.configureBlocking(false);

            assertThrows(IllegalBlockingModeException.class,
                    () -> ChannelTransport.run(socks5(), channel, BeforeRead.NOTHING));
        }
    }

    @Test
    void closingTheChannelAtTheDeadlineIsRethrownNotAServerFailure() throws Exception {
        List<ScriptedServer.Turn> stall = List.of(new ScriptedServer.Turn(GREETING.length, null));
        try (ScriptedServer server = new ScriptedServer(stall, false);
                SocketChannel channel = SocketChannel.open(server.address())) {
            CompletableFuture<Throwable> thrown = runInThread(channel);
            server.received();
            channel.close();

            // AsynchronousCloseException when the read had begun, its parent when not yet
            Throwable failure = thrown.get(30, TimeUnit.SECONDS);
            assertTrue(failure instanceof ClosedChannelException, String.valueOf(failure));
        }
    }

    @Test
    void interruptPropagatesAsClosedByInterrupt() throws Exception {
        List<ScriptedServer.Turn> stall = List.of(new ScriptedServer.Turn(GREETING.length, null));
        try (ScriptedServer server = new ScriptedServer(stall, false);
                SocketChannel channel = SocketChannel.open(server.address())) {
            Thread[] client = new Thread[1];
            CompletableFuture<Throwable> thrown = new CompletableFuture<>();
            client[0] = new Thread(() -> thrown.complete(run(channel)));
            client[0].start();
            server.received();
            client[0].interrupt();

            assertEquals(ClosedByInterruptException.class,
                    thrown.get(30, TimeUnit.SECONDS).getClass());
        }
    }

    @Test
    void closeBeforeTheReplyIsAServerFailure() throws Exception {
        List<ScriptedServer.Turn> nothing =
                List.of(ScriptedServer.Turn.closing(GREETING.length, new byte[0]));
        try (ScriptedServer server = new ScriptedServer(nothing, false);
                SocketChannel channel = SocketChannel.open(server.address())) {
            Outcome outcome = ChannelTransport.run(socks5(), channel, BeforeRead.NOTHING);

            assertEquals(Outcome.Kind.SERVER_FAILURE, outcome.kind());
        }
    }

    private static byte[] readFully(SocketChannel channel, int length) throws IOException {
        ByteBuffer rest = ByteBuffer.allocate(length);
        while (rest.hasRemaining() && channel.read(rest) >= 0) {
            // until the application's bytes are all in
        }
        return rest.array();
    }

    private static CompletableFuture<Throwable> runInThread(SocketChannel channel) {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        new Thread(() -> thrown.complete(run(channel))).start();
        return thrown;
    }

    private static Throwable run(SocketChannel channel) {
        try {
            ChannelTransport.run(socks5(), channel, BeforeRead.NOTHING);
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
