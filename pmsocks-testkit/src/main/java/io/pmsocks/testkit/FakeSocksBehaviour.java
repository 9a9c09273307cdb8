package io.pmsocks.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link FakeSocksServer} answers a SOCKS4 request: the well-behaved cases, and the faults a real sockd cannot
 * be made to produce. On the command line a behaviour is its word and its argument, e.g. {@code reject 92}.
 *
 * @param kind          what to do
 * @param value         the reply code for {@code reject}, the reply version for {@code wrong-version}, the byte
 *                      count for {@code short} and {@code partial}; 0 where unused
 * @param hostAddresses for {@code relay}: SOCKS4a host names and the addresses they stand for
 */
public record FakeSocksBehaviour(Kind kind, int value, Map<String, String> hostAddresses) {

    /** The granted reply that {@code short} and {@code partial} cut: {@code 00 5A port ip}. */
    public static final int REPLY_LENGTH = 8;

    public enum Kind {
        /** Reply 90 and then echo, playing the destination itself. */
        GRANT,
        /** Connect to the destination for real (SOCKS4a names from a fixed table only), reply 90 or 91, relay. */
        RELAY,
        /** Reply with the given code (91, 92, 93, or any other byte). */
        REJECT,
        /** Answer {@code HTTP/1.1 400 Bad Request}, as an HTTP proxy mistaken for sockd would. */
        GARBAGE,
        /** A granted reply whose first byte (VN) is the given value instead of 0. */
        WRONG_VERSION,
        /** The first N bytes of a granted reply, then close. */
        SHORT,
        /** The first N bytes of a granted reply, then nothing more, connection held open. */
        PARTIAL,
        /** Read the request, then reset the connection (RST). */
        RESET,
        /** Read the request, then close the connection without a reply. */
        CLOSE,
        /** Read the request, then never answer, connection held open. */
        STALL;

        String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Kind ofWord(String word) {
            for (Kind kind : values()) {
                if (kind.word().equals(word)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown behaviour '" + word + "'; known: " + words());
        }

        static String words() {
            List<String> words = new ArrayList<>();
            for (Kind kind : values()) {
                words.add(kind.word());
            }
            return String.join(", ", words);
        }
    }

    public FakeSocksBehaviour {
        Objects.requireNonNull(kind, "kind");
        hostAddresses = Map.copyOf(hostAddresses);
        switch (kind) {
            case REJECT, WRONG_VERSION -> {
                if (value < 0 || value > 255) {
                    throw new IllegalArgumentException(kind.word() + " needs a byte value 0..255, not " + value);
                }
            }
            case SHORT, PARTIAL -> {
                if (value < 0 || value >= REPLY_LENGTH) {
                    throw new IllegalArgumentException(kind.word() + " needs a byte count 0..7, not " + value);
                }
            }
            default -> {
                if (value != 0) {
                    throw new IllegalArgumentException(kind.word() + " takes no number");
                }
            }
        }
        if (kind != Kind.RELAY && !hostAddresses.isEmpty()) {
            throw new IllegalArgumentException("only relay takes host names");
        }
        hostAddresses.values().forEach(TestAddresses::requireDottedQuad);
    }

    public static FakeSocksBehaviour grant() {
        return new FakeSocksBehaviour(Kind.GRANT, 0, Map.of());
    }

    /** A real relay; SOCKS4a names resolve only through {@code hostAddresses} (name to dotted quad). */
    public static FakeSocksBehaviour relay(Map<String, String> hostAddresses) {
        return new FakeSocksBehaviour(Kind.RELAY, 0, hostAddresses);
    }

    public static FakeSocksBehaviour reject(int replyCode) {
        return new FakeSocksBehaviour(Kind.REJECT, replyCode, Map.of());
    }

    public static FakeSocksBehaviour garbage() {
        return new FakeSocksBehaviour(Kind.GARBAGE, 0, Map.of());
    }

    public static FakeSocksBehaviour wrongVersion(int version) {
        return new FakeSocksBehaviour(Kind.WRONG_VERSION, version, Map.of());
    }

    public static FakeSocksBehaviour shortReply(int bytes) {
        return new FakeSocksBehaviour(Kind.SHORT, bytes, Map.of());
    }

    public static FakeSocksBehaviour partialReply(int bytes) {
        return new FakeSocksBehaviour(Kind.PARTIAL, bytes, Map.of());
    }

    public static FakeSocksBehaviour reset() {
        return new FakeSocksBehaviour(Kind.RESET, 0, Map.of());
    }

    public static FakeSocksBehaviour close() {
        return new FakeSocksBehaviour(Kind.CLOSE, 0, Map.of());
    }

    public static FakeSocksBehaviour stall() {
        return new FakeSocksBehaviour(Kind.STALL, 0, Map.of());
    }

    /** The command-line words, e.g. {@code [reject, 92]} or {@code [relay, pmcd.test=10.231.2.2]}. */
    public List<String> arguments() {
        List<String> words = new ArrayList<>(List.of(kind.word()));
        switch (kind) {
            case REJECT, WRONG_VERSION, SHORT, PARTIAL -> words.add(Integer.toString(value));
            case RELAY -> hostAddresses.forEach((name, address) -> words.add(name + "=" + address));
            default -> {
            }
        }
        return words;
    }

    /** The inverse of {@link #arguments()}. */
    public static FakeSocksBehaviour parse(List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("no behaviour given; known: " + Kind.words());
        }
        Kind kind = Kind.ofWord(words.get(0));
        List<String> rest = words.subList(1, words.size());
        return switch (kind) {
            case REJECT, WRONG_VERSION, SHORT, PARTIAL -> {
                if (rest.size() != 1 || !rest.get(0).matches("\\d{1,3}")) {
                    throw new IllegalArgumentException(kind.word() + " needs one number");
                }
                yield new FakeSocksBehaviour(kind, Integer.parseInt(rest.get(0)), Map.of());
            }
            case RELAY -> {
                Map<String, String> hosts = new LinkedHashMap<>();
                for (String mapping : rest) {
                    int equals = mapping.indexOf('=');
                    if (equals <= 0) {
                        throw new IllegalArgumentException("relay takes NAME=ADDRESS, not '" + mapping + "'");
                    }
                    hosts.put(mapping.substring(0, equals), mapping.substring(equals + 1));
                }
                yield new FakeSocksBehaviour(kind, 0, hosts);
            }
            default -> {
                if (!rest.isEmpty()) {
                    throw new IllegalArgumentException(kind.word() + " takes no argument");
                }
                yield new FakeSocksBehaviour(kind, 0, Map.of());
            }
        };
    }
}
