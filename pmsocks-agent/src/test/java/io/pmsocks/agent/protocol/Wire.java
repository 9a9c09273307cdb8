package io.pmsocks.agent.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Drives a core over an in-memory conversation: what the server sends arrives in the pieces
 * the test chooses, and the core is fed either as a transport feeds it (at most
 * {@code wanted()} bytes per read) or greedily (everything that arrived and is unused), so
 * that a core that takes a byte past its reply is caught either way.
 */
final class Wire {

    /**
     * How an exchange ended over the wire.
     *
     * @param consumed bytes of the server's taken off the wire: read by a transport, or used
     *     by the core when fed greedily
     */
    record Run(Outcome outcome, byte[] sent, int consumed, int reads) {
    }

    private Wire() {
    }

    /** The server's bytes arrive in one piece. */
    static Run whole(ProxyHandshake exchange, byte[] server) {
        return run(exchange, server, new int[0], true);
    }

    /**
     * @param cuts offsets in {@code server} at which one arrival ends and the next begins
     * @param exact read at most {@code wanted()} bytes, as a transport does; otherwise hand
     *     the core all that arrived and is unused
     */
    static Run run(ProxyHandshake exchange, byte[] server, int[] cuts, boolean exact) {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        int position = 0;
        int reads = 0;
        for (int guard = 0; exchange.step() != ProxyHandshake.Step.DONE; guard++) {
            if (guard > 100_000) {
                fail("the exchange does not progress: " + exchange);
            }
            if (exchange.step() == ProxyHandshake.Step.SEND) {
                assertEquals(0, exchange.wanted(), "wants bytes while it has some to send");
                ByteBuffer output = exchange.output();
                byte[] bytes = new byte[output.remaining()];
                output.get(bytes);
                sent.writeBytes(bytes);
                continue;
            }
            int wanted = exchange.wanted();
            assertTrue(wanted > 0, "receiving but wants nothing: " + exchange);
            if (position == server.length) {
                exchange.endOfStream();
                break;
            }
            int arrivalEnd = server.length;
            for (int cut : cuts) {
                if (cut > position) {
                    arrivalEnd = Math.min(arrivalEnd, cut);
                }
            }
            int length = arrivalEnd - position;
            if (exact) {
                length = Math.min(length, wanted);
            }
            ByteBuffer in = ByteBuffer.wrap(server, position, length);
            exchange.receive(in);
            reads++;
            int used = in.position() - position;
            if (exact && exchange.step() != ProxyHandshake.Step.DONE) {
                assertEquals(length, used, "left bytes it had asked for unused");
            }
            assertTrue(used > 0 || exchange.step() == ProxyHandshake.Step.DONE,
                    "consumed nothing");
            // A transport's read takes the bytes off the socket whether the core uses them or
            // not: what it read is gone, so that is what counts against the reply's length.
            position = exact ? position + length : in.position();
        }
        assertEquals(0, exchange.output().remaining(), "output left after the end");
        assertEquals(0, exchange.wanted(), "wants bytes after the end");
        return new Run(exchange.outcome(), sent.toByteArray(), position, reads);
    }

    /**
     * Runs a fresh exchange with the server's bytes arriving in every way that matters: all
     * at once, byte by byte, and split in two at every offset; each fed exactly and greedily.
     * Every run must end as {@code expected} says.
     */
    static List<Run> everySplit(Supplier<ProxyHandshake> exchange, byte[] server) {
        List<int[]> splits = new ArrayList<>();
        splits.add(new int[0]);
        int[] everyByte = new int[server.length];
        for (int i = 0; i < server.length; i++) {
            everyByte[i] = i + 1;
        }
        splits.add(everyByte);
        for (int cut = 1; cut < server.length; cut++) {
            splits.add(new int[] {cut});
        }
        List<Run> runs = new ArrayList<>();
        for (int[] cuts : splits) {
            for (boolean exact : new boolean[] {true, false}) {
                runs.add(run(exchange.get(), server, cuts, exact));
            }
        }
        return runs;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static byte[] prefix(byte[] bytes, int length) {
        return Arrays.copyOf(bytes, length);
    }
}
