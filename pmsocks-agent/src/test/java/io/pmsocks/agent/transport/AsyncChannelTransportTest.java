package io.pmsocks.agent.transport;

import static io.pmsocks.agent.transport.StreamTransportTest.APPLICATION;
import static io.pmsocks.agent.transport.StreamTransportTest.GRANT;
import static io.pmsocks.agent.transport.StreamTransportTest.GREETING;
import static io.pmsocks.agent.transport.StreamTransportTest.REQUEST;
import static io.pmsocks.agent.transport.StreamTransportTest.concat;
import static io.pmsocks.agent.transport.StreamTransportTest.socks5;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.agent.protocol.Outcome;
import io.pmsocks.agent.protocol.ProxyHandshake;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AsyncChannelTransportTest {

    @Test
    void grantArrivesThroughTheHandlerAndTheApplicationsBytesStay() throws Exception {
        List<ScriptedServer.Turn> turns = List.of(
                new ScriptedServer.Turn(GREETING.length, new byte[] {5, 0}),
                new ScriptedServer.Turn(REQUEST.length, concat(GRANT, APPLICATION)));
        try (ScriptedServer server = new ScriptedServer(turns, true);
                AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
            channel.connect(server.address()).get(30, TimeUnit.SECONDS);

            Outcome outcome = drive(socks5(), channel).get(30, TimeUnit.SECONDS);

            assertEquals(Outcome.Kind.GRANTED, outcome.kind());
            assertArrayEquals(concat(GREETING, REQUEST), server.received());
            ByteBuffer rest = ByteBuffer.allocate(APPLICATION.length);
            while (rest.hasRemaining()) {
                channel.read(rest).get(30, TimeUnit.SECONDS);
            }
            assertArrayEquals(APPLICATION, rest.array());
        }
    }

    @Test
    void refusalArrivesThroughTheHandler() throws Exception {
        List<ScriptedServer.Turn> turns = List.of(
                new ScriptedServer.Turn(GREETING.length, new byte[] {5, 0}),
                new ScriptedServer.Turn(REQUEST.length, new byte[] {5, 2, 0, 1, 0, 0, 0, 0, 0, 0}));
        try (ScriptedServer server = new ScriptedServer(turns, false);
                AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
            channel.connect(server.address()).get(30, TimeUnit.SECONDS);

            Outcome outcome = drive(socks5(), channel).get(30, TimeUnit.SECONDS);

            assertEquals(new Outcome(Outcome.Kind.REFUSED, "sockd socks5://fw:1080 could not"
                    + " connect to 10.2.0.7:8080 (SOCKS5 reply 2: connection not allowed by the"
                    + " server's rules)"), outcome);
        }
    }

    @Test
    void endOfStreamIsAServerFailure() throws Exception {
        List<ScriptedServer.Turn> turns =
                List.of(ScriptedServer.Turn.closing(GREETING.length, new byte[] {5}));
        try (ScriptedServer server = new ScriptedServer(turns, false);
                AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
            channel.connect(server.address()).get(30, TimeUnit.SECONDS);
            CompletableFuture<Outcome> outcome = drive(socks5(), channel);

            assertEquals(new Outcome(Outcome.Kind.SERVER_FAILURE, "sockd socks5://fw:1080 closed"
                    + " the connection after 1 of 2 bytes of its SOCKS5 method choice"),
                    outcome.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void closingTheChannelFailsTheHandler() throws Exception {
        List<ScriptedServer.Turn> stall = List.of(new ScriptedServer.Turn(GREETING.length, null));
        try (ScriptedServer server = new ScriptedServer(stall, false);
                AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
            channel.connect(server.address()).get(30, TimeUnit.SECONDS);
            CompletableFuture<Outcome> outcome = drive(socks5(), channel);
            server.received();
            channel.close();

            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    ExecutionException.class, () -> outcome.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof ClosedChannelException, e.toString());
        }
    }

    private static CompletableFuture<Outcome> drive(ProxyHandshake exchange,
            AsynchronousSocketChannel channel) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        AsyncChannelTransport.start(exchange, channel, result,
                new CompletionHandler<Outcome, CompletableFuture<Outcome>>() {
                    @Override
                    public void completed(Outcome outcome, CompletableFuture<Outcome> future) {
                        future.complete(outcome);
                    }

                    @Override
                    public void failed(Throwable failure, CompletableFuture<Outcome> future) {
                        future.completeExceptionally(failure);
                    }
                });
        return result;
    }
}
