package io.pmsocks.agent.protocol;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * SOCKS4 CONNECT, and SOCKS4a when the destination has no IPv4 address but a name (the server
 * resolves it; Dante does not speak SOCKS4a). The request goes in one piece; the reply is 8
 * bytes: VN 0, CD 90 granted, 91-93 refused.
 */
public final class Socks4Handshake extends ProxyHandshake {

    static final int REPLY_LENGTH = 8;

    private static final int VERSION = 4;
    private static final int CONNECT = 1;
    private static final int REPLY_VERSION = 0;
    private static final int GRANTED = 90;

    private final String userId;
    private final boolean socks4a;
    private final Gathered reply = new Gathered(REPLY_LENGTH);

    private Socks4Handshake(String label, Target target, String userId) {
        super(label, target);
        this.userId = Objects.requireNonNull(userId, "userId");
        this.socks4a = !(target.address() instanceof Inet4Address);
        reply.expect(REPLY_LENGTH);
    }

    /**
     * Starts an exchange: at step SEND with the request, or already DONE when SOCKS4 cannot
     * carry the destination (an IPv6 address without a name: a server failure, so that a
     * socks5 server later in the list gets its turn; a name that cannot be encoded: refused).
     *
     * @param label names the server in messages, e.g. {@code sockd fw:1080}
     * @param userId the user id field: the effective user name
     */
    public static Socks4Handshake start(String label, Target target, String userId) {
        Socks4Handshake exchange = new Socks4Handshake(label, target, userId);
        exchange.begin();
        return exchange;
    }

    private void begin() {
        byte[] name = null;
        if (socks4a) {
            if (target.hostName() == null) {
                finish(Outcome.serverFailure("SOCKS4 cannot carry the IPv6 address "
                        + target.display() + " to " + label + "; use a socks5:// server for"
                        + " it, or add a direct rule for it to the configuration"));
                return;
            }
            try {
                name = HostNames.ascii(target.hostName());
            } catch (IllegalArgumentException unsendable) {
                finish(HostNames.unsendable(label, target, unsendable));
                return;
            }
        }
        byte[] user = userId.getBytes(StandardCharsets.UTF_8);
        byte[] request = new byte[8 + user.length + 1 + (name != null ? name.length + 1 : 0)];
        request[0] = VERSION;
        request[1] = CONNECT;
        request[2] = (byte) (target.port() >>> 8);
        request[3] = (byte) target.port();
        if (name != null) {
            request[7] = 1; // 0.0.0.x, x != 0: "the name follows" (SOCKS4a)
            System.arraycopy(name, 0, request, 8 + user.length + 1, name.length);
        } else {
            System.arraycopy(target.address().getAddress(), 0, request, 4, 4);
        }
        System.arraycopy(user, 0, request, 8, user.length);
        send(request, false);
    }

    /** Whether the request carries the host name (SOCKS4a) rather than an IPv4 address. */
    public boolean sendsName() {
        return socks4a;
    }

    @Override
    String protocol() {
        return "SOCKS4";
    }

    @Override
    int missing() {
        return reply.missing();
    }

    @Override
    void take(ByteBuffer in) {
        reply.gather(in);
        if (reply.u8(0) != REPLY_VERSION) {
            // The first byte decides: no need to wait for seven more from a server that is
            // not speaking SOCKS4 (it may never send them).
            finish(Outcome.serverFailure(label + " sent a malformed SOCKS4 reply (version "
                    + reply.u8(0) + ", expected 0): is it a SOCKS4 server?"));
            return;
        }
        if (!reply.complete()) {
            return;
        }
        int code = reply.u8(1);
        finish(code == GRANTED ? Outcome.GRANTED : Outcome.refused(label + " could not connect to "
                + target.display() + " (SOCKS4 reply " + code + ": " + meaning(code) + ")"));
    }

    @Override
    Outcome closedEarly() {
        return Outcome.serverFailure(label + " closed the connection after " + reply.have
                + " of " + REPLY_LENGTH + " bytes of its SOCKS4 reply");
    }

    @Override
    public String stage() {
        return label + ": waiting for the SOCKS4 reply for " + target.display();
    }

    @Override
    public String describeRequest() {
        return label + ": SOCKS4" + (socks4a ? "a" : "") + " CONNECT " + target.display()
                + " user " + userId;
    }

    @Override
    public String describeReply() {
        if (reply.have < 2) {
            return label + ": " + reply.have + " of " + REPLY_LENGTH + " bytes of the SOCKS4 reply";
        }
        return label + ": reply " + reply.u8(1) + " (" + meaning(reply.u8(1)) + ")";
    }

    /** What a SOCKS4 reply code means. */
    static String meaning(int code) {
        switch (code) {
            case GRANTED: return "granted";
            case 91: return "request rejected or failed";
            case 92: return "sockd cannot reach an identd on this host";
            case 93: return "identd reported a different user id";
            default: return "not a SOCKS4 reply code";
        }
    }
}
