package io.pmsocks.agent.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One proxy exchange as a state machine over bytes: it says what to send, how many bytes it
 * wants next, and how the exchange ended. It does no I/O, never blocks and throws no
 * {@code IOException}, so one core serves a blocking stream, a blocking channel, a channel
 * driven by the application's selector and an asynchronous channel (see package-info).
 *
 * <p>A transport loops on {@link #step()}:
 * <ul>
 *   <li>{@link Step#SEND}: write from {@link #output()} (its position advances as bytes go
 *       out) until it has nothing remaining;</li>
 *   <li>{@link Step#RECEIVE}: read at most {@link #wanted()} bytes and hand them to
 *       {@link #receive(ByteBuffer)}; at end of stream call {@link #endOfStream()};</li>
 *   <li>{@link Step#DONE}: {@link #outcome()} says granted, refused or server failure.</li>
 * </ul>
 * {@code wanted()} never exceeds what is left of the reply being read, so a transport that
 * reads no more than it asks for never takes a byte that belongs to the application. An
 * exchange can be done before anything is sent (a destination the scheme cannot carry): a
 * route checks {@code step()} before it connects to the server.
 *
 * <p>Not thread-safe: one transport drives one exchange (a selector thread, or the
 * completion handlers of one channel, which never run concurrently for one operation).
 */
public abstract sealed class ProxyHandshake
        permits Socks4Handshake, Socks5Handshake, HttpConnectHandshake {

    /** What the transport does next. */
    public enum Step {
        /** Write {@link #output()}. */
        SEND,
        /** Read at most {@link #wanted()} bytes and pass them to {@link #receive}. */
        RECEIVE,
        /** The exchange is over: see {@link #outcome()}. */
        DONE
    }

    /**
     * The most {@link #wanted()} ever asks for (the rest of a SOCKS5 reply that carries a
     * 255-byte name), so that a transport can read into one buffer of this size.
     */
    public static final int LONGEST_READ = 4 + 1 + 255 + 2;

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    final String label;
    final Target target;
    private ByteBuffer output = NOTHING;
    private byte[] secret;
    private Outcome outcome;

    ProxyHandshake(String label, Target target) {
        this.label = Objects.requireNonNull(label, "label");
        this.target = Objects.requireNonNull(target, "target");
    }

    /** Bytes to send; the transport drains it. Empty unless {@link #step()} is SEND. */
    public final ByteBuffer output() {
        return output;
    }

    public final Step step() {
        if (outcome != null) {
            return Step.DONE;
        }
        return output.hasRemaining() ? Step.SEND : Step.RECEIVE;
    }

    /**
     * How many bytes to read next, at most: never more than the rest of the reply being
     * read; 0 unless {@link #step()} is RECEIVE.
     */
    public final int wanted() {
        return step() == Step.RECEIVE ? missing() : 0;
    }

    /**
     * Takes the bytes that arrived: consumes from {@code in} what the current reply needs and
     * no more (any rest stays in the buffer, its position after the last byte used).
     *
     * @return the step after these bytes
     * @throws IllegalStateException unless {@link #step()} is RECEIVE
     */
    public final Step receive(ByteBuffer in) {
        if (step() != Step.RECEIVE) {
            throw new IllegalStateException("the exchange is at step " + step()
                    + ", not receiving");
        }
        forgetSecret();
        while (in.hasRemaining() && step() == Step.RECEIVE) {
            take(in);
        }
        return step();
    }

    /**
     * The server closed the connection before the exchange ended.
     *
     * @return the outcome, which is final once set: a server failure naming how much of
     *     which reply arrived, or the refusal a partial reply already carried
     */
    public final Outcome endOfStream() {
        if (outcome == null) {
            finish(closedEarly());
        }
        return outcome;
    }

    /**
     * The connection failed under the transport (reset, broken pipe): a server failure.
     *
     * @param reason the I/O error's own message
     */
    public final Outcome brokeOff(String reason) {
        if (outcome == null) {
            finish(Outcome.serverFailure(label + " broke off the " + protocol() + " exchange ("
                    + reason + ")"));
        }
        return outcome;
    }

    /** How the exchange ended, or {@code null} while it runs. */
    public final Outcome outcome() {
        return outcome;
    }

    /** The proxy's label, as given: {@code sockd fw:1080}, {@code proxy http://fw:3128}. */
    public final String label() {
        return label;
    }

    public final Target target() {
        return target;
    }

    /**
     * What is being waited for, for a timeout's message ({@code sockd fw:1080: waiting for
     * the SOCKS4 reply for 10.2.0.7:44321}). Built when called: call it only on that path.
     */
    public abstract String stage();

    /** The request, for a debug line (never a password). Built when called. */
    public abstract String describeRequest();

    /** What the server answered so far, for a debug line. Built when called. */
    public abstract String describeReply();

    /** The protocol's name in messages: {@code SOCKS4}, {@code SOCKS5}, {@code HTTP CONNECT}. */
    abstract String protocol();

    /** Bytes still needed by the reply being read; called only while receiving. */
    abstract int missing();

    /** Consumes at least one byte and at most {@link #missing()} bytes of {@code in}. */
    abstract void take(ByteBuffer in);

    /** The outcome when the server closes the connection at this point. */
    abstract Outcome closedEarly();

    /** Queues the next message; {@code holdsSecret} zeroes it as soon as it has gone out. */
    final void send(byte[] message, boolean holdsSecret) {
        forgetSecret();
        output = ByteBuffer.wrap(message);
        secret = holdsSecret ? message : null;
    }

    final void finish(Outcome result) {
        forgetSecret();
        output = NOTHING;
        outcome = result;
    }

    /** A password leaves memory once the transport has sent it. */
    private void forgetSecret() {
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
            secret = null;
        }
    }

    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[" + label + " to " + target.display() + ", "
                + step() + "]";
    }

    /** A reply of known length gathered across reads. */
    static final class Gathered {
        final byte[] bytes;
        int have;
        int need;

        Gathered(int capacity) {
            bytes = new byte[capacity];
        }

        void expect(int total) {
            need = total;
        }

        void restart(int total) {
            have = 0;
            need = total;
        }

        int missing() {
            return need - have;
        }

        /** Copies what is still missing, as far as {@code in} has it. */
        void gather(ByteBuffer in) {
            int n = Math.min(in.remaining(), need - have);
            in.get(bytes, have, n);
            have += n;
        }

        boolean complete() {
            return have == need;
        }

        int u8(int index) {
            return bytes[index] & 0xff;
        }
    }
}
