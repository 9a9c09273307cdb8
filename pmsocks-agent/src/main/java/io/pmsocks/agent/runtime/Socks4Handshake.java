package io.pmsocks.agent.runtime;

import io.pmsocks.config.Destination;
import io.pmsocks.config.SocksServer;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;

/**
 * The SOCKS4 and SOCKS4a CONNECT exchange, as bytes: the request the client writes in one
 * piece, and the 8-byte reply it reads back. Shared by the Socket and SocketChannel routes.
 */
final class Socks4Handshake {

    static final int REPLY_LENGTH = 8;

    private static final int VERSION = 4;
    private static final int CONNECT = 1;
    private static final int REPLY_VERSION = 0;
    private static final int GRANTED = 90;

    private Socks4Handshake() {
    }

    /** Whether the request must carry the host name (SOCKS4a) rather than an IPv4 address. */
    static boolean needsHostName(Destination destination) {
        return !(destination.address() instanceof Inet4Address);
    }

    /**
     * VN 4, CD 1, port, IPv4 address, user id, NUL; for SOCKS4a the address is 0.0.0.1 and the
     * host name follows, NUL-terminated, so that sockd resolves it.
     *
     * @param userId the user id's bytes, built once: the user does not change
     * @throws ConnectException for an IPv6 destination without a host name: SOCKS4 cannot
     *     carry it
     */
    static byte[] request(Destination destination, byte[] userId, SocksServer server)
            throws ConnectException {
        boolean socks4a = needsHostName(destination);
        byte[] hostName = new byte[0];
        if (socks4a) {
            if (destination.hostName() == null) {
                throw new ConnectException("SOCKS4 cannot carry the IPv6 address "
                        + destination.display() + " to sockd " + server
                        + "; add a direct rule for it to the configuration");
            }
            hostName = destination.hostName().getBytes(StandardCharsets.US_ASCII);
        }
        byte[] request = new byte[8 + userId.length + 1 + (socks4a ? hostName.length + 1 : 0)];
        request[0] = VERSION;
        request[1] = CONNECT;
        request[2] = (byte) (destination.port() >>> 8);
        request[3] = (byte) destination.port();
        if (socks4a) {
            request[7] = 1;
        } else {
            System.arraycopy(destination.address().getAddress(), 0, request, 4, 4);
        }
        System.arraycopy(userId, 0, request, 8, userId.length);
        if (socks4a) {
            System.arraycopy(hostName, 0, request, 8 + userId.length + 1, hostName.length);
        }
        return request;
    }

    /**
     * Checks a complete reply.
     *
     * @throws ConnectException naming the server and what it answered, when it did not grant
     */
    static void checkReply(byte[] reply, SocksServer server, Destination destination)
            throws ConnectException {
        int version = reply[0] & 0xff;
        int code = reply[1] & 0xff;
        if (version != REPLY_VERSION) {
            throw new ConnectException("sockd " + server + " sent a malformed SOCKS4 reply"
                    + " (version " + version + ", expected 0): is it a SOCKS4 server?");
        }
        if (code != GRANTED) {
            throw new ConnectException("sockd " + server + " could not connect to "
                    + destination.display() + " (SOCKS4 reply " + code + ": " + meaning(code)
                    + ")");
        }
    }

    /**
     * Logs a complete reply and accepts it or says why not: a malformed reply is the server's
     * failure (the next of an {@code @=} list may do better), a refusal code is an answer.
     */
    static void acceptReply(byte[] reply, SocksServer server, Destination destination,
            DebugLog log) throws ConnectException {
        if (log.enabled()) {
            log.log("sockd " + server + ": reply " + (reply[1] & 0xff) + " ("
                    + meaning(reply[1] & 0xff) + ")");
        }
        try {
            checkReply(reply, server, destination);
        } catch (ConnectException refused) {
            if ((reply[0] & 0xff) != REPLY_VERSION) {
                throw new ServerFailure(refused.getMessage());
            }
            throw refused;
        }
    }

    /** The user id a request carries: the user name, in UTF-8. */
    static byte[] userId(String user) {
        return user.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The debug line of a request about to be sent; call it only with debug on, so that the
     * local address is not looked up for nothing.
     */
    static void logRequest(DebugLog log, SocksServer server, Object localAddress,
            Destination destination, String user) {
        log.log("sockd " + server + ": connected from " + localAddress + "; SOCKS4"
                + (needsHostName(destination) ? "a" : "") + " CONNECT "
                + destination.display() + " user " + user);
    }

    /** A reply that ended early: the server closed or reset the connection. */
    static ConnectException shortReply(SocksServer server, int received) {
        return new ConnectException("sockd " + server + " closed the connection after " + received
                + " of " + REPLY_LENGTH + " bytes of its SOCKS4 reply");
    }

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
