package io.pmsocks.agent.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 {@code CONNECT} with Basic proxy authentication when credentials are known.
 *
 * <p>The response is read up to and including the blank line that ends its headers, and not
 * one byte further: what follows belongs to the destination. There is no length to read it
 * by, so {@link #wanted()} asks for the fewest bytes that could still end it: 12 for
 * {@code HTTP/1.1 200}, then 4 minus how much of CR LF CR LF the last bytes matched. Lines
 * must end in CR LF (a bare LF could end the headers inside a read). Headers are bounded:
 * a proxy that never ends them fails instead of filling memory.
 */
public final class HttpConnectHandshake extends ProxyHandshake {

    /** The most response bytes read before the blank line (interim 1xx responses included). */
    static final int MAX_RESPONSE_BYTES = 16 * 1024;

    /** {@code HTTP/1.1 200}: no complete response is shorter than that plus CR LF CR LF. */
    private static final int STATUS_MINIMUM = 12;
    private static final byte[] HTTP_SLASH = {'H', 'T', 'T', 'P', '/'};
    private static final int PROXY_AUTHENTICATION_REQUIRED = 407;

    private final Credentials credentials;
    private final String authority;
    /** The current line, without its CR LF. */
    private byte[] line = new byte[128];
    private int lineLength;
    /** How many bytes of CR LF CR LF the last bytes matched. */
    private int matched;
    private int responseBytes;
    private int totalBytes;
    private String statusLine;
    private int status;
    /** The schemes of a 407's Proxy-Authenticate headers, comma separated. */
    private StringBuilder schemes;

    private HttpConnectHandshake(String label, Target target, Credentials credentials,
            String authority) {
        super(label, target);
        this.credentials = credentials;
        this.authority = authority;
    }

    /**
     * Starts an exchange: at step SEND with the request, or already DONE (refused) when it
     * cannot be written: a host name that cannot be encoded or is too long, a user name with
     * a {@code :} (Basic authentication cannot carry it).
     *
     * @param label names the proxy in messages, e.g. {@code proxy http://fw:3128}
     * @param credentials the user name and password known for this proxy, or {@code null}
     */
    public static HttpConnectHandshake start(String label, Target target,
            Credentials credentials) {
        String authority;
        try {
            authority = authority(target);
        } catch (IllegalArgumentException unsendable) {
            HttpConnectHandshake failed = new HttpConnectHandshake(label, target, credentials, "");
            failed.finish(HostNames.unsendable(label, target, unsendable));
            return failed;
        }
        HttpConnectHandshake exchange =
                new HttpConnectHandshake(label, target, credentials, authority);
        if (credentials != null && credentials.user().indexOf(':') >= 0) {
            exchange.finish(Outcome.refused("cannot authenticate to " + label + ": the user name "
                    + credentials.user() + " contains ':', which HTTP Basic authentication"
                    + " cannot carry"));
            return exchange;
        }
        exchange.send(exchange.request(), credentials != null);
        return exchange;
    }

    /** {@code host:port}: the name when the application gave one, else the address. */
    private static String authority(Target target) {
        String host;
        if (target.hostName() != null) {
            host = new String(HostNames.ascii(target.hostName()), StandardCharsets.US_ASCII);
        } else {
            host = target.addressLiteral();
            if (host.indexOf(':') >= 0) {
                host = "[" + host + "]";
            }
        }
        return host + ":" + target.port();
    }

    private byte[] request() {
        StringBuilder text = new StringBuilder(96)
                .append("CONNECT ").append(authority).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n");
        if (credentials != null) {
            byte[] pair = (credentials.user() + ":" + credentials.password())
                    .getBytes(StandardCharsets.UTF_8);
            text.append("Proxy-Authorization: Basic ")
                    .append(Base64.getEncoder().encodeToString(pair)).append("\r\n");
            Arrays.fill(pair, (byte) 0);
        }
        text.append("\r\n");
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The request line's target, {@code host:port}, as sent. */
    public String authority() {
        return authority;
    }

    @Override
    String protocol() {
        return "HTTP CONNECT";
    }

    @Override
    int missing() {
        return responseBytes < STATUS_MINIMUM ? STATUS_MINIMUM - responseBytes : 4 - matched;
    }

    @Override
    void take(ByteBuffer in) {
        int n = Math.min(in.remaining(), missing());
        for (int i = 0; i < n && outcome() == null; i++) {
            takeByte(in.get());
        }
    }

    private void takeByte(byte b) {
        responseBytes++;
        totalBytes++;
        if (statusLine == null && responseBytes <= HTTP_SLASH.length
                && b != HTTP_SLASH[responseBytes - 1]) {
            finish(Outcome.serverFailure(label + " sent something other than an HTTP response"
                    + " to CONNECT (" + printable(line, lineLength, b) + "): is it an HTTP"
                    + " proxy?"));
            return;
        }
        if (b == '\n') {
            if (matched != 1 && matched != 3) {
                finish(Outcome.serverFailure(label + " sent a malformed HTTP response: a line"
                        + " ended in a bare LF, not CR LF"));
                return;
            }
            matched++;
            endOfLine();
            return;
        }
        if (b == '\r') {
            matched = matched == 2 ? 3 : 1;
        } else {
            matched = 0;
        }
        if (totalBytes > MAX_RESPONSE_BYTES) {
            finish(Outcome.serverFailure(label + " sent more than " + MAX_RESPONSE_BYTES
                    + " bytes of response headers without ending them"));
            return;
        }
        if (b != '\r') {
            append(b);
        }
    }

    private void append(byte b) {
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, Math.min(line.length * 2, MAX_RESPONSE_BYTES));
        }
        line[lineLength++] = b;
    }

    private void endOfLine() {
        if (statusLine == null) {
            statusLine();
        } else if (matched == 4) {
            endOfHeaders();
        } else if (schemes != null) {
            header();
        }
        lineLength = 0;
    }

    private void statusLine() {
        statusLine = new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
        status = statusCode(statusLine);
        if (status < 0) {
            finish(Outcome.serverFailure(label + " sent a malformed HTTP status line ("
                    + printable(statusLine) + ")"));
        } else if (status == PROXY_AUTHENTICATION_REQUIRED) {
            schemes = new StringBuilder();
        } else if (!(status >= 200 && status < 300 || interim(status))) {
            // Any other status is the answer; what follows it is not needed.
            finish(Outcome.refused(label + " could not connect to " + target.display() + " ("
                    + printable(statusLine) + ")"));
        }
    }

    /** An interim response (100 Continue, 102, 103) precedes the real one. */
    private static boolean interim(int status) {
        return status >= 100 && status < 200 && status != 101;
    }

    /** The status code of {@code HTTP/x.y SP ddd [SP reason]}, or -1. */
    private static int statusCode(String line) {
        int space = line.indexOf(' ');
        if (space < 0 || line.length() < space + 4
                || line.length() > space + 4 && line.charAt(space + 4) != ' ') {
            return -1;
        }
        int code = 0;
        for (int i = space + 1; i < space + 4; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            code = code * 10 + (c - '0');
        }
        return code >= 100 ? code : -1;
    }

    private void header() {
        String header = new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
        int colon = header.indexOf(':');
        if (colon > 0 && header.substring(0, colon).trim()
                .equalsIgnoreCase("Proxy-Authenticate")) {
            for (String scheme : AuthChallenges.schemes(header.substring(colon + 1))) {
                if (schemes.length() > 0) {
                    schemes.append(", ");
                }
                schemes.append(scheme);
            }
        }
    }

    private void endOfHeaders() {
        if (interim(status)) {
            statusLine = null;
            responseBytes = 0;
            matched = 0;
            return;
        }
        if (status != PROXY_AUTHENTICATION_REQUIRED) {
            finish(Outcome.GRANTED);
            return;
        }
        String asked = schemes.length() > 0 ? "; Proxy-Authenticate: " + schemes : "";
        String answer = printable(statusLine) + asked;
        if (schemes.length() > 0 && !AuthChallenges.offersBasic(schemes.toString())) {
            finish(Outcome.refused(label + " asks for " + schemes + " authentication ("
                    + answer + "), which pmsocks does not speak: it speaks Basic only; allow"
                    + " Basic authentication (or no authentication) for this client, or use"
                    + " another proxy"));
        } else if (credentials == null) {
            finish(Outcome.refused(label + " wants a user name and password (" + answer
                    + "), and none is known for it; "
                    + Socks5Handshake.WHERE_CREDENTIALS_COME_FROM));
        } else {
            finish(Outcome.refused(label + " rejected the user name and password of user "
                    + credentials.user() + " (" + answer + ")"));
        }
    }

    @Override
    Outcome closedEarly() {
        if (statusLine == null) {
            return Outcome.serverFailure(label + " closed the connection after " + responseBytes
                    + " bytes of its response to CONNECT, before the end of its status line");
        }
        return Outcome.serverFailure(label + " closed the connection before the end of the"
                + " headers of its response to CONNECT (" + printable(statusLine) + ")");
    }

    @Override
    public String stage() {
        return label + ": waiting for the response to CONNECT " + authority;
    }

    @Override
    public String describeRequest() {
        return label + ": CONNECT " + authority + " HTTP/1.1"
                + (credentials != null ? ", Basic authentication as user " + credentials.user()
                        : "");
    }

    @Override
    public String describeReply() {
        return label + ": " + (statusLine == null ? "no status line yet" : printable(statusLine));
    }

    /** Text from a server, safe to print on one line. */
    private static String printable(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        for (int i = 0; i < text.length() && safe.length() < 200; i++) {
            char c = text.charAt(i);
            safe.append(c < ' ' || c >= 0x7f ? '?' : c);
        }
        return safe.toString();
    }

    /** The bytes of the status line so far and {@code last}, as printable text. */
    private static String printable(byte[] bytes, int length, byte last) {
        byte[] seen = Arrays.copyOf(bytes, length + 1);
        seen[length] = last;
        return "'" + printable(new String(seen, StandardCharsets.ISO_8859_1)) + "'";
    }

    /** The auth-scheme names of challenges (RFC 9110 section 11.6.1). */
    static final class AuthChallenges {

        private AuthChallenges() {
        }

        /**
         * The schemes in a challenge list such as {@code NTLM, Basic realm="a, b", Negotiate}:
         * a challenge begins with a token not followed by {@code =}; commas inside quoted
         * strings do not separate.
         */
        static List<String> schemes(String value) {
            List<String> found = new ArrayList<>();
            boolean quoted = false;
            int start = 0;
            for (int i = 0; i <= value.length(); i++) {
                char c = i < value.length() ? value.charAt(i) : ',';
                if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    String element = value.substring(start, i).trim();
                    int end = 0;
                    while (end < element.length() && isTokenChar(element.charAt(end))) {
                        end++;
                    }
                    int next = end;
                    while (next < element.length() && (element.charAt(next) == ' '
                            || element.charAt(next) == '\t')) {
                        next++;
                    }
                    // "name = value" continues the previous challenge's parameters
                    boolean parameter = next < element.length() && element.charAt(next) == '=';
                    if (end > 0 && !parameter) {
                        found.add(element.substring(0, end));
                    }
                    start = i + 1;
                }
            }
            return found;
        }

        /** RFC 9110 tchar. */
        private static boolean isTokenChar(char c) {
            return c > ' ' && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
        }

        static boolean offersBasic(String schemeList) {
            for (String scheme : schemeList.split(", ")) {
                if (scheme.toLowerCase(Locale.ROOT).equals("basic")) {
                    return true;
                }
            }
            return false;
        }
    }
}
