package io.pmsocks.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dante 1.4.2's log, parsed. The session lines it writes for {@code log: connect disconnect error} look like this
 * (each one line; an address and port are printed as {@code a.b.c.d.port}):
 *
 * <pre>
 * ... danted[4848]: info: pass(1): tcp/accept [: 10.231.1.2.44052 10.231.1.1.1080
 * ... danted[4865]: info: pass(2): tcp/connect [: 10.231.1.2.44052 10.231.1.1.1080 -> 10.231.2.1.44052 10.231.2.2.7000
 * ... danted[4865]: info: pass(2): tcp/connect ]: 28 -> 10.231.1.2.44052 10.231.1.1.1080 -> 6, 6 -> 10.231.2.1.44052 10.231.2.2.7000 -> 28: local client closed.  Session duration: 0s
 * ... danted[4849]: info: block(1): tcp/connect ]: 10.231.1.2.44068 10.231.1.1.1080 -> 0.0.0.0.0 10.231.2.3.7000
 * ... danted[4849]: info: block(1): tcp/accept ]: 10.231.1.2.44068 10.231.1.1.1080: blocked by higher-level socks-rule #1
 * </pre>
 *
 * {@code pass(N)}/{@code block(N)} name the verdict and the rule number (client rules and socks rules are numbered
 * separately); {@code [} opens a session, {@code ]} ends it, {@code -} is a data transfer. For a connect, the four
 * endpoints are client, sockd's internal address, sockd's external address, destination. A connect that failed is
 * also a {@code ]} line, with the reason after the endpoints: {@code remote peer error (Connection refused)}, or, for
 * a connect that failed at once, a {@code block(N)} line naming the passing rule N with
 * {@code connect(2) to ... failed: Network is unreachable}.
 */
public final class DanteLog {

    private static final Pattern SESSION_LINE = Pattern.compile(
            ".*\\bdanted\\[(\\d+)]: \\w+: (pass|block)\\((\\d+)\\): (tcp|udp)/(\\w+) ([\\[\\]-]): (.*)");
    private static final Pattern ENDPOINT = Pattern.compile(
            "(?<![\\d.])(\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3})\\.(\\d{1,5})(?![\\d.])");
    private static final Pattern SOCKS4_USER_ID = Pattern.compile(
            ".*\\bdanted\\[\\d+]: debug: recv_username\\(\\): got socks v4 username: \"(.*)\"$");

    private final List<String> lines;
    private final List<Event> events;

    public DanteLog(List<String> lines) {
        this.lines = List.copyOf(lines);
        List<Event> parsed = new ArrayList<>();
        for (String line : this.lines) {
            parseEvent(line).ifPresent(parsed::add);
        }
        this.events = List.copyOf(parsed);
    }

    /** An address and port as Dante prints them ({@code 10.231.2.2.7000}). */
    public record Endpoint(String address, int port) {
        public Endpoint {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String toString() {
            return address + ":" + port;
        }
    }

    /** Where a session line stands in the session's life. */
    public enum Phase {
        /** {@code [}: the session was set up (for a connect: the destination accepted). */
        OPENED,
        /** {@code -}: data was relayed (only with {@code iooperation} logging). */
        DATA,
        /** {@code ]}: the session ended, was refused, or failed; {@link Event#detail()} says why. */
        ENDED
    }

    /**
     * One session line.
     *
     * @param line      the whole log line
     * @param pid       the danted process that wrote it
     * @param passed    true for {@code pass(N)}, false for {@code block(N)}
     * @param rule      N, the rule number
     * @param protocol  {@code tcp} or {@code udp}
     * @param command   {@code accept} (client rule) or {@code connect} (socks rule), etc.
     * @param phase     opened, data, or ended
     * @param endpoints the endpoints before the first {@code ": "} in the order Dante prints them
     * @param detail    what follows them, e.g. {@code remote peer error (Connection refused)}; empty if nothing
     */
    public record Event(String line, long pid, boolean passed, int rule, String protocol, String command,
                        Phase phase, List<Endpoint> endpoints, String detail) {
        public Event {
            Objects.requireNonNull(line, "line");
            endpoints = List.copyOf(endpoints);
            Objects.requireNonNull(detail, "detail");
        }

        /** The SOCKS client: the first endpoint. */
        public Optional<Endpoint> client() {
            return endpoints.isEmpty() ? Optional.empty() : Optional.of(endpoints.get(0));
        }

        /** For a connect line, the destination: the fourth endpoint. */
        public Optional<Endpoint> destination() {
            return command.equals("connect") && endpoints.size() >= 4 && phase != Phase.DATA
                    ? Optional.of(endpoints.get(3)) : Optional.empty();
        }

        /** For a connect line, the address and port sockd connected from: the third endpoint. */
        public Optional<Endpoint> externalSource() {
            return command.equals("connect") && endpoints.size() >= 4 && phase != Phase.DATA
                    ? Optional.of(endpoints.get(2)) : Optional.empty();
        }

        boolean isConnectTo(String address, int port) {
            return destination().filter(d -> d.address().equals(address) && d.port() == port).isPresent();
        }
    }

    public List<String> lines() {
        return lines;
    }

    public List<Event> events() {
        return events;
    }

    /** Connects that sockd made on a client's behalf to {@code address:port}: {@code pass(N): tcp/connect [:}. */
    public List<Event> connectsPassedTo(String address, int port) {
        return events.stream()
                .filter(e -> e.passed() && e.phase() == Phase.OPENED && e.isConnectTo(address, port))
                .toList();
    }

    /**
     * Requests for {@code address:port} that sockd refused: {@code block(N): tcp/connect ]:}. A rule's block has an
     * empty {@link Event#detail()}; a connect that failed at once has the error there.
     */
    public List<Event> connectsBlockedTo(String address, int port) {
        return events.stream()
                .filter(e -> !e.passed() && e.phase() == Phase.ENDED && e.isConnectTo(address, port))
                .toList();
    }

    /** Every end of a connect session to {@code address:port}: closed, failed, or blocked. */
    public List<Event> connectsEndedTo(String address, int port) {
        return events.stream()
                .filter(e -> e.phase() == Phase.ENDED && e.isConnectTo(address, port))
                .toList();
    }

    /**
     * The user ids SOCKS4 clients sent, in order; Dante logs them only at debug level
     * ({@link DanteConfig#withSocks4UserIdsLogged()}), as {@code recv_username(): got socks v4 username: "NAME"}.
     */
    public List<String> socks4UserIds() {
        List<String> ids = new ArrayList<>();
        for (String line : lines) {
            Matcher m = SOCKS4_USER_ID.matcher(line);
            if (m.matches()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    static Optional<Event> parseEvent(String line) {
        Matcher m = SESSION_LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        Phase phase = switch (m.group(6)) {
            case "[" -> Phase.OPENED;
            case "]" -> Phase.ENDED;
            default -> Phase.DATA;
        };
        String rest = m.group(7);
        int detailStart = rest.indexOf(": ");
        String endpointText = detailStart < 0 ? rest : rest.substring(0, detailStart);
        String detail = detailStart < 0 ? "" : rest.substring(detailStart + 2).strip();
        List<Endpoint> endpoints = new ArrayList<>();
        Matcher endpoint = ENDPOINT.matcher(endpointText);
        while (endpoint.find()) {
            endpoints.add(new Endpoint(endpoint.group(1), Integer.parseInt(endpoint.group(2))));
        }
        return Optional.of(new Event(line, Long.parseLong(m.group(1)), m.group(2).equals("pass"),
                Integer.parseInt(m.group(3)), m.group(4), m.group(5), phase, endpoints, detail));
    }
}
