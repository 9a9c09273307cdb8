package io.pmsocks.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A SOCKS4 or SOCKS4a request as a server received it: {@code VN CD DSTPORT DSTIP USERID NUL}, followed by
 * {@code HOSTNAME NUL} when DSTIP is {@code 0.0.0.x} with x non-zero (SOCKS4a). The fake SOCKS server prints each
 * request it reads as one line ({@link #toLine()}), from which a test gets it back ({@link #parseLine(String)}).
 *
 * @param version  VN, 4 for SOCKS4
 * @param command  CD, 1 for CONNECT
 * @param port     DSTPORT
 * @param address  DSTIP as a dotted quad
 * @param userId   USERID, decoded as UTF-8
 * @param hostName the SOCKS4a host name, if DSTIP asked for one
 */
public record Socks4Request(int version, int command, int port, String address, String userId,
                            Optional<String> hostName) {

    public static final String LINE_PREFIX = "request ";
    /** A user id or host name longer than this is refused rather than read forever. */
    private static final int MAX_FIELD = 1024;

    public Socks4Request {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(hostName, "hostName");
    }

    /** Whether DSTIP is 0.0.0.x with x non-zero, the SOCKS4a marker. */
    public boolean isSocks4a() {
        return hostName.isPresent();
    }

    /** Reads one request; fails with a message saying which field was cut short or too long. */
    public static Socks4Request read(InputStream in) throws IOException {
        byte[] head = in.readNBytes(8);
        if (head.length < 8) {
            throw new EOFException("request ended after " + head.length + " of its first 8 bytes");
        }
        int port = ((head[2] & 0xff) << 8) | (head[3] & 0xff);
        String address = (head[4] & 0xff) + "." + (head[5] & 0xff) + "." + (head[6] & 0xff) + "." + (head[7] & 0xff);
        String userId = readNulTerminated(in, "user id");
        boolean socks4a = head[4] == 0 && head[5] == 0 && head[6] == 0 && head[7] != 0;
        Optional<String> hostName = socks4a ? Optional.of(readNulTerminated(in, "SOCKS4a host name")) : Optional.empty();
        return new Socks4Request(head[0] & 0xff, head[1] & 0xff, port, address, userId, hostName);
    }

    /** {@code request vn=4 cd=1 port=44321 ip=10.231.2.2 user=root [host=pmcd.example]}, values %-encoded. */
    public String toLine() {
        return LINE_PREFIX + "vn=" + version + " cd=" + command + " port=" + port + " ip=" + address
                + " user=" + encode(userId) + hostName.map(h -> " host=" + encode(h)).orElse("");
    }

    /** The inverse of {@link #toLine()}. */
    public static Socks4Request parseLine(String line) {
        if (!line.startsWith(LINE_PREFIX)) {
            throw new IllegalArgumentException("not a request line: " + line);
        }
        Map<String, String> fields = new HashMap<>();
        for (String field : line.substring(LINE_PREFIX.length()).split(" ")) {
            int equals = field.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("field without '=' in request line: " + line);
            }
            fields.put(field.substring(0, equals), field.substring(equals + 1));
        }
        return new Socks4Request(Integer.parseInt(required(fields, "vn", line)),
                Integer.parseInt(required(fields, "cd", line)),
                Integer.parseInt(required(fields, "port", line)),
                required(fields, "ip", line),
                decode(required(fields, "user", line)),
                Optional.ofNullable(fields.get("host")).map(Socks4Request::decode));
    }

    private static String required(Map<String, String> fields, String key, String line) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no " + key + "= in request line: " + line);
        }
        return value;
    }

    private static String readNulTerminated(InputStream in, String what) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("request ended inside the " + what + " after " + bytes.size() + " bytes");
            }
            if (b == 0) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
            if (bytes.size() == MAX_FIELD) {
                throw new IOException(what + " longer than " + MAX_FIELD + " bytes without its NUL");
            }
            bytes.write(b);
        }
    }

    /** Keeps the line one word per field: anything but letters, digits and {@code .-_@:} becomes %XX. */
    private static String encode(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ".-_@:".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    private static String decode(String value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()) {
                bytes.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
