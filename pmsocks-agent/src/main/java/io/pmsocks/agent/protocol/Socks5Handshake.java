package io.pmsocks.agent.protocol;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * SOCKS5 CONNECT (RFC 1928) with user name and password authentication (RFC 1929).
 *
 * <p>The greeting offers "no authentication", and "user name/password" only when credentials
 * are known. The CONNECT request goes only after the server chose its method: sending it at
 * once would save a round trip, but breaks servers that want a password and some that do
 * not. The reply is read in two parts, 5 bytes and then the rest of BND.ADDR and BND.PORT,
 * whose length the address type in those 5 bytes tells; so no byte past the reply is read.
 */
public final class Socks5Handshake extends ProxyHandshake {

    private static final int VERSION = 5;
    private static final int AUTH_VERSION = 1;
    private static final int NO_AUTHENTICATION = 0;
    private static final int GSSAPI = 1;
    private static final int USER_PASSWORD = 2;
    private static final int NO_ACCEPTABLE_METHOD = 0xff;
    private static final int CONNECT = 1;
    private static final int IPV4 = 1;
    private static final int NAME = 3;
    private static final int IPV6 = 4;
    private static final int SUCCEEDED = 0;
    /** VER REP RSV ATYP and the first byte of BND.ADDR (the length of a name). */
    private static final int REPLY_HEAD = 5;

    /**
     * Where the credentials come from (SPEC §2), for the messages of a server that wants
     * them when none are known.
     */
    static final String WHERE_CREDENTIALS_COME_FROM = "pmsocks takes the user name from USER@"
            + " in the server entry or SOCKS_USERNAME, the password from SOCKS_PASSWORD, or both"
            + " from the credentials file ~/.config/pmsocks/credentials (PMSOCKS_CREDENTIALS"
            + " names another)";

    private enum Phase { METHOD, AUTHENTICATION, REPLY }

    private final Credentials credentials;
    private final int addressType;
    private final Gathered reply = new Gathered(LONGEST_READ);
    private Phase phase = Phase.METHOD;
    private int method = -1;
    private int authStatus = -1;
    private byte[] connectRequest;

    private Socks5Handshake(String label, Target target, Credentials credentials,
            boolean preferName) {
        super(label, target);
        this.credentials = credentials;
        if (target.hostName() != null && (preferName || target.address() == null)) {
            addressType = NAME;
        } else {
            addressType = target.address() instanceof Inet4Address ? IPV4 : IPV6;
        }
    }

    /**
     * Starts an exchange: at step SEND with the greeting, or already DONE (refused) when the
     * request cannot be written: a host name that cannot be encoded or is too long, a user
     * name or password longer than RFC 1929's 255 bytes.
     *
     * @param label names the server in messages, e.g. {@code sockd socks5://fw:1080}
     * @param credentials the user name and password known for this server, or {@code null}
     * @param preferName send the host name whenever the application gave one (socks5h);
     *     otherwise (socks5) only when it has no local address
     */
    public static Socks5Handshake start(String label, Target target, Credentials credentials,
            boolean preferName) {
        Socks5Handshake exchange = new Socks5Handshake(label, target, credentials, preferName);
        exchange.begin();
        return exchange;
    }

    private void begin() {
        try {
            connectRequest = connectRequest();
        } catch (IllegalArgumentException unsendable) {
            finish(HostNames.unsendable(label, target, unsendable));
            return;
        }
        if (credentials != null) {
            String problem = credentialsProblem(credentials);
            if (problem != null) {
                finish(Outcome.refused("cannot authenticate to " + label + ": " + problem));
                return;
            }
            send(new byte[] {VERSION, 2, NO_AUTHENTICATION, USER_PASSWORD}, false);
        } else {
            send(new byte[] {VERSION, 1, NO_AUTHENTICATION}, false);
        }
        reply.restart(2);
    }

    private static String credentialsProblem(Credentials credentials) {
        int userLength = credentials.user().getBytes(StandardCharsets.UTF_8).length;
        if (userLength > 255) {
            return "the user name is " + userLength + " bytes long, more than the 255 that"
                    + " RFC 1929 can carry";
        }
        if (credentials.password().getBytes(StandardCharsets.UTF_8).length > 255) {
            return "the password of user " + credentials.user() + " is longer than the 255"
                    + " bytes that RFC 1929 can carry";
        }
        return null;
    }

    /** VER CMD RSV ATYP DST.ADDR DST.PORT. */
    private byte[] connectRequest() {
        byte[] address;
        int prefix;
        if (addressType == NAME) {
            address = HostNames.ascii(target.hostName());
            prefix = 1;
        } else {
            address = target.address().getAddress();
            prefix = 0;
        }
        byte[] request = new byte[4 + prefix + address.length + 2];
        request[0] = VERSION;
        request[1] = CONNECT;
        request[3] = (byte) addressType;
        if (prefix == 1) {
            request[4] = (byte) address.length;
        }
        System.arraycopy(address, 0, request, 4 + prefix, address.length);
        request[request.length - 2] = (byte) (target.port() >>> 8);
        request[request.length - 1] = (byte) target.port();
        return request;
    }

    /** VER 1, ULEN, UNAME, PLEN, PASSWD: the one message that holds the password. */
    private byte[] authenticationRequest() {
        byte[] user = credentials.user().getBytes(StandardCharsets.UTF_8);
        byte[] password = credentials.password().getBytes(StandardCharsets.UTF_8);
        byte[] request = new byte[3 + user.length + password.length];
        request[0] = AUTH_VERSION;
        request[1] = (byte) user.length;
        System.arraycopy(user, 0, request, 2, user.length);
        request[2 + user.length] = (byte) password.length;
        System.arraycopy(password, 0, request, 3 + user.length, password.length);
        return request;
    }

    /** Whether the request carries the host name (ATYP 3) rather than an address. */
    public boolean sendsName() {
        return addressType == NAME;
    }

    @Override
    String protocol() {
        return "SOCKS5";
    }

    @Override
    int missing() {
        return reply.missing();
    }

    @Override
    void take(ByteBuffer in) {
        reply.gather(in);
        switch (phase) {
            case METHOD:
                takeMethod();
                break;
            case AUTHENTICATION:
                takeAuthentication();
                break;
            default:
                takeReply();
                break;
        }
    }

    private void takeMethod() {
        if (reply.u8(0) != VERSION) {
            finish(Outcome.serverFailure(label + " sent a malformed SOCKS5 method choice"
                    + " (version " + reply.u8(0) + ", expected 5): is it a SOCKS5 server?"));
            return;
        }
        if (!reply.complete()) {
            return;
        }
        method = reply.u8(1);
        if (method == NO_AUTHENTICATION) {
            sendConnect();
        } else if (method == USER_PASSWORD && credentials != null) {
            phase = Phase.AUTHENTICATION;
            reply.restart(2);
            send(authenticationRequest(), true);
        } else if (method == USER_PASSWORD || method == NO_ACCEPTABLE_METHOD && credentials == null) {
            finish(Outcome.refused(label + " wants a user name and password (SOCKS5 method choice "
                    + methodName(method) + "), and none is known for it; "
                    + WHERE_CREDENTIALS_COME_FROM));
        } else if (method == NO_ACCEPTABLE_METHOD) {
            finish(Outcome.refused(label + " accepts none of the SOCKS5 methods offered (no"
                    + " authentication, user name/password for user " + credentials.user()
                    + "): it may want GSSAPI, which pmsocks does not speak"));
        } else {
            finish(Outcome.refused(label + " asks for SOCKS5 authentication method "
                    + methodName(method) + ", which pmsocks does not speak (it speaks no"
                    + " authentication and user name/password): configure the server to accept"
                    + " one of those for this client, or use another server"));
        }
    }

    private void takeAuthentication() {
        int version = reply.u8(0);
        // RFC 1929 says version 1; some servers answer 5, the SOCKS version, and clients
        // such as curl do not look. Anything else is not this protocol.
        if (version != AUTH_VERSION && version != VERSION) {
            finish(Outcome.serverFailure(label + " sent a malformed SOCKS5 authentication status"
                    + " (version " + version + ", expected 1)"));
            return;
        }
        if (!reply.complete()) {
            return;
        }
        authStatus = reply.u8(1);
        if (authStatus != 0) {
            finish(Outcome.refused(label + " rejected the user name and password of user "
                    + credentials.user() + " (RFC 1929 status " + authStatus + ")"));
            return;
        }
        sendConnect();
    }

    private void sendConnect() {
        phase = Phase.REPLY;
        reply.restart(REPLY_HEAD);
        send(connectRequest, false);
    }

    private void takeReply() {
        if (reply.u8(0) != VERSION) {
            finish(Outcome.serverFailure(label + " sent a malformed SOCKS5 reply (version "
                    + reply.u8(0) + ", expected 5)"));
            return;
        }
        if (reply.have < 2) {
            return;
        }
        int code = reply.u8(1);
        if (code != SUCCEEDED) {
            // A refusal needs nothing of the rest: the server closes the connection anyway.
            finish(refusal(code));
            return;
        }
        if (reply.have < REPLY_HEAD) {
            return;
        }
        if (reply.need == REPLY_HEAD) {
            int length = replyLength(reply.u8(3), reply.u8(4));
            if (length < 0) {
                finish(Outcome.serverFailure(label + " sent a malformed SOCKS5 reply (address"
                        + " type " + reply.u8(3) + ", expected 1, 3 or 4)"));
                return;
            }
            reply.expect(length);
        }
        if (reply.complete()) {
            finish(Outcome.GRANTED);
        }
    }

    /** The whole reply's length for its address type, or -1 for an unknown type. */
    private static int replyLength(int addressType, int firstAddressByte) {
        switch (addressType) {
            case IPV4: return 4 + 4 + 2;
            case IPV6: return 4 + 16 + 2;
            case NAME: return 4 + 1 + firstAddressByte + 2;
            default: return -1;
        }
    }

    private Outcome refusal(int code) {
        return Outcome.refused(label + " could not connect to " + target.display()
                + " (SOCKS5 reply " + code + ": " + meaning(code) + ")");
    }

    @Override
    Outcome closedEarly() {
        String what;
        switch (phase) {
            case METHOD:
                what = "of its SOCKS5 method choice";
                break;
            case AUTHENTICATION:
                what = "of its SOCKS5 authentication status";
                break;
            default:
                what = "of its SOCKS5 reply";
                break;
        }
        if (phase == Phase.REPLY && reply.have >= 2 && reply.u8(1) != SUCCEEDED) {
            return refusal(reply.u8(1));
        }
        String counted = phase == Phase.REPLY && reply.need == REPLY_HEAD
                ? reply.have + " bytes " + what + " (at least 7 expected)"
                : reply.have + " of " + reply.need + " bytes " + what;
        String hint = phase == Phase.METHOD && reply.have == 0 ? ": is it a SOCKS5 server?" : "";
        return Outcome.serverFailure(label + " closed the connection after " + counted + hint);
    }

    @Override
    public String stage() {
        switch (phase) {
            case METHOD:
                return label + ": waiting for the SOCKS5 method choice";
            case AUTHENTICATION:
                return label + ": waiting for the SOCKS5 authentication status for user "
                        + credentials.user();
            default:
                return label + ": waiting for the SOCKS5 reply for " + target.display();
        }
    }

    @Override
    public String describeRequest() {
        return label + ": SOCKS5 CONNECT " + target.display()
                + (addressType == NAME ? " by name" : addressType == IPV4 ? " by IPv4 address"
                        : " by IPv6 address")
                + ", methods offered: no authentication"
                + (credentials != null ? ", user name/password (user " + credentials.user() + ")"
                        : "");
    }

    @Override
    public String describeReply() {
        StringBuilder text = new StringBuilder(label).append(':');
        if (method < 0) {
            return text.append(" no method chosen yet").toString();
        }
        text.append(" method ").append(methodName(method));
        if (authStatus >= 0) {
            text.append(", authentication status ").append(authStatus);
        }
        if (phase == Phase.REPLY && reply.have >= 2 && reply.u8(0) == VERSION) {
            text.append(", reply ").append(reply.u8(1)).append(" (")
                    .append(meaning(reply.u8(1))).append(')');
            if (outcome() != null && outcome().granted()) {
                text.append(", bound ").append(boundAddress());
            }
        }
        return text.toString();
    }

    /** BND.ADDR:BND.PORT of a complete reply. */
    private String boundAddress() {
        int port = (reply.u8(reply.need - 2) << 8) | reply.u8(reply.need - 1);
        String host;
        if (reply.u8(3) == NAME) {
            host = new String(reply.bytes, 5, reply.u8(4), StandardCharsets.ISO_8859_1);
        } else {
            byte[] address = new byte[reply.u8(3) == IPV4 ? 4 : 16];
            System.arraycopy(reply.bytes, 4, address, 0, address.length);
            try {
                host = InetAddress.getByAddress(address).getHostAddress();
            } catch (UnknownHostException impossible) {
                throw new AssertionError(impossible);
            }
            if (host.indexOf(':') >= 0) {
                host = "[" + host + "]";
            }
        }
        return host + ":" + port;
    }

    /** What a SOCKS5 reply code means (RFC 1928 section 6). */
    static String meaning(int code) {
        switch (code) {
            case 0: return "succeeded";
            case 1: return "general SOCKS server failure";
            case 2: return "connection not allowed by the server's rules";
            case 3: return "network unreachable";
            case 4: return "host unreachable";
            case 5: return "connection refused by the destination";
            case 6: return "TTL expired";
            case 7: return "command not supported";
            case 8: return "address type not supported";
            default: return "not a SOCKS5 reply code";
        }
    }

    /** A method byte as {@code 02 (user name/password)}. */
    static String methodName(int method) {
        String hex = Integer.toHexString(0x100 | method).substring(1).toUpperCase(Locale.ROOT);
        String name;
        switch (method) {
            case NO_AUTHENTICATION: name = "no authentication"; break;
            case GSSAPI: name = "GSSAPI"; break;
            case USER_PASSWORD: name = "user name/password"; break;
            case 3: name = "CHAP"; break;
            case 5: name = "challenge-response"; break;
            case 6: name = "SSL"; break;
            case 7: name = "NDS"; break;
            case 8: name = "multi-authentication framework"; break;
            case 9: name = "JSON parameter block"; break;
            case NO_ACCEPTABLE_METHOD: name = "no acceptable method"; break;
            default: name = method >= 0x80 ? "private method" : "unassigned"; break;
        }
        return hex + " (" + name + ")";
    }
}
