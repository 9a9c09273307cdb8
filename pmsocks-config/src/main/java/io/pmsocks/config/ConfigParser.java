package io.pmsocks.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Parses the CSTC-4.2 socks.conf format (SPEC §2) strictly: every problem on every line is
 * reported with its line and column, and a Dante-format file is recognised as such.
 *
 * <p>The grammar, one rule per line, fields separated by blanks or tabs:
 * <pre>
 * direct [*=userlist] address mask [op port] [: shell_cmd]
 * deny   [*=userlist] address mask [op port] [: shell_cmd]
 * sockd  [@=serverlist] [*=userlist] address mask [op port] [: shell_cmd]
 * </pre>
 * Extensions beyond CSTC, which the user documentation names as such: {@code *=} and
 * {@code @=} may come in either order after {@code sockd} and may be glued to the keyword
 * ({@code sockd@=fw}); server entries may name a scheme and a user
 * ({@code socks5://alice@fw:1080}); the address may be {@code a.b.c.d/n}, an IPv6 prefix or a
 * {@code .domain} suffix, each without a mask; a user list file may hold {@code #} comments.
 * {@code ALL}, {@code LOCALHOSTNAME} and the operators are keywords, case-insensitive like the
 * verbs. Dotted quads are read as decimal, leading zeros included (inet_aton(3) would read
 * {@code 010} as octal; nobody writing a mask today means that).
 *
 * <p>The work is split along the line's seams: {@link ConfigLine} cuts it into fields,
 * {@link AddressFields} reads the address and mask, {@link ListFields} the user and server
 * lists; the keyword and the port condition are read here. Columns are 1-based and count
 * characters; a tab counts as one.
 *
 * <p>At most {@value #MAX_REPORTED} errors (and as many warnings) are listed; then one line
 * says how many more there are. Every bad line still counts: the file is rejected all the same.
 */
public final class ConfigParser {

    /** The rules of the lines that parsed, and every problem found. */
    public record Result(List<Rule> rules, List<Diagnostic> diagnostics) {
        public Result {
            rules = List.copyOf(rules);
            diagnostics = List.copyOf(diagnostics);
        }

        public boolean hasErrors() {
            return Diagnostic.anyError(diagnostics);
        }
    }

    /** Errors listed before the rest are only counted; the same for warnings. */
    public static final int MAX_REPORTED = 100;

    private static final String OPERATORS = "eq, neq, lt, gt, le or ge";
    private static final String DANTE_MESSAGE = "this file is in Dante's sockd.conf format"
            + " (or that of Dante's client socks.conf), not the CSTC socks.conf format that"
            + " pmsocks reads: write one rule per line, such as"
            + " 'sockd @=fw:1080 0.0.0.0 0.0.0.0' (see pcp_socks.conf(5))";

    private final HostResolver resolver;
    private final ServiceNames services;

    public ConfigParser(HostResolver resolver, ServiceNames services) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.services = Objects.requireNonNull(services, "services");
    }

    /** @param source the file name used in messages */
    public Result parse(String source, String text) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Rule> rules = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        boolean danteReported = false;
        int danteDepth = 0;
        int number = 0;
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            ConfigLine line = ConfigLine.split(++number, text.substring(start, end));
            start = end + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (danteDepth > 0 || line.looksLikeDante()) {
                // One error for the whole file: every line of a Dante file would otherwise
                // be an "unknown keyword", and the real problem would drown.
                if (!danteReported) {
                    diagnostics.add(Diagnostic.error(source, line.number(),
                            line.fields().get(0).column(), DANTE_MESSAGE));
                    danteReported = true;
                }
                danteDepth = Math.max(0, danteDepth + line.braceBalance());
                continue;
            }
            Optional<Rule> rule = new LineParser(line, new LineReport(source, line.number(),
                    diagnostics)).parse();
            if (rule.isPresent()) {
                rules.add(rule.get());
            }
        }
        if (rules.isEmpty() && !Diagnostic.anyError(diagnostics)) {
            diagnostics.add(Diagnostic.warning(source, 0, 0,
                    "no rules: every connect except to loopback will be refused"));
        }
        return new Result(rules, capped(source, diagnostics));
    }

    /**
     * The first {@value #MAX_REPORTED} errors and warnings, in file order, and a line for each
     * kind saying how many more there are: thousands of lines of one mistake (a binary file,
     * a wrong path) would otherwise bury the first, which is the one to read.
     */
    static List<Diagnostic> capped(String source, List<Diagnostic> diagnostics) {
        int errors = 0;
        int warnings = 0;
        List<Diagnostic> kept = new ArrayList<>(Math.min(diagnostics.size(), 2 * MAX_REPORTED));
        for (Diagnostic diagnostic : diagnostics) {
            int seen = diagnostic.isError() ? ++errors : ++warnings;
            if (seen <= MAX_REPORTED) {
                kept.add(diagnostic);
            }
        }
        if (errors > MAX_REPORTED) {
            kept.add(Diagnostic.error(source, 0, 0, (errors - MAX_REPORTED) + " more errors"
                    + " not shown (" + errors + " in all)"));
        }
        if (warnings > MAX_REPORTED) {
            kept.add(Diagnostic.warning(source, 0, 0, (warnings - MAX_REPORTED)
                    + " more warnings not shown (" + warnings + " in all)"));
        }
        return kept;
    }

    /**
     * Parses one line, left to right: the keyword, the lists, the address, mask and port
     * condition. A problem that leaves the meaning of the following fields unknown (a bad
     * keyword or address) ends the line; one that does not (a bad server port, a bad mask)
     * lets the rest be checked too.
     */
    private final class LineParser {

        private final ConfigLine line;
        private final LineReport report;
        private final List<ConfigLine.Field> fields;
        private final AddressFields addresses;
        private final ListFields lists;
        /** The next field to read. */
        private int next;

        private List<SocksServer> servers;
        private UserList users;

        LineParser(ConfigLine line, LineReport report) {
            this.line = line;
            this.report = report;
            this.fields = splitGluedKeyword(line.fields());
            this.addresses = new AddressFields(resolver, report);
            this.lists = new ListFields(report);
        }

        /** The line's rule, or empty when it has an error (all of them reported). */
        Optional<Rule> parse() {
            try {
                Action action = parseKeyword();
                parseLists(action);
                if (!hasMore()) {
                    throw report.abandon(line.endColumn(), "missing address after "
                            + Quote.of(fields.get(next - 1).text()) + "; expected "
                            + AddressFields.FORMS);
                }
                ConfigLine.Field addressField = fields.get(next++);
                AddressFields.Spec address = addresses.parseAddress(addressField);
                int mask = 0;
                if (address.needsMask()) {
                    ConfigLine.Field maskField = hasMore() ? fields.get(next) : null;
                    boolean operatorNext = maskField != null
                            && PortCondition.Operator.ofKeyword(maskField.text()).isPresent();
                    mask = addresses.parseMask(addressField, address, maskField, operatorNext,
                            line.endColumn());
                    next++;
                }
                PortCondition port = hasMore() ? parsePortCondition(addressField, address) : null;
                if (line.command() != null && line.command().isEmpty()) {
                    report.error(line.commandColumn(), "':' must be followed by a shell command;"
                            + " remove it or write the command after it");
                }
                if (report.failed()) {
                    return Optional.empty();
                }
                return Optional.of(new Rule(report.source(), line.number(), action,
                        servers == null ? List.of() : servers, users,
                        addresses.resolve(address, addressField, mask), port, line.command()));
            } catch (LineReport.LineAbandoned reported) {
                return Optional.empty();
            }
        }

        private boolean hasMore() {
            return next < fields.size();
        }

        private Action parseKeyword() {
            if (fields.isEmpty()) {
                throw report.abandon(line.commandColumn(), "a shell command needs a rule before"
                        + " it: direct, deny or sockd, then an address");
            }
            ConfigLine.Field keyword = fields.get(next++);
            Optional<Action> action = Action.ofKeyword(keyword.text());
            if (action.isEmpty()) {
                throw report.abandon(keyword.column(), "unknown keyword "
                        + Quote.of(keyword.text()) + "; a rule starts with direct, deny or sockd"
                        + LineReport.gluedCommandHint(keyword.text(),
                                before -> Action.ofKeyword(before).isPresent()));
            }
            return action.get();
        }

        /** {@code @=} and {@code *=}, in either order, each at most once. */
        private void parseLists(Action action) {
            while (hasMore() && isListField(fields.get(next).text())) {
                ConfigLine.Field field = fields.get(next++);
                if (field.text().startsWith("@=")) {
                    if (action != Action.SOCKD) {
                        report.error(field.column(), "'@=' names sockd servers: only sockd rules"
                                + " take it, not " + action.keyword());
                    } else if (servers != null) {
                        report.error(field.column(), "a second '@=' server list; write all"
                                + " servers in one comma list: @=host[:port],host[:port]");
                    } else {
                        servers = lists.parseServers(field.tail(2));
                    }
                } else if (users != null) {
                    report.error(field.column(), "a second '*=' user list;"
                            + " write all users in one comma list: *=name,name,/path/of/file");
                } else {
                    users = lists.parseUsers(field.tail(2));
                }
            }
        }

        /** {@code op port}, and nothing after it; {@code null} after reporting a bad port. */
        private PortCondition parsePortCondition(ConfigLine.Field addressField,
                AddressFields.Spec address) {
            ConfigLine.Field operatorField = fields.get(next++);
            Optional<PortCondition.Operator> operator =
                    PortCondition.Operator.ofKeyword(operatorField.text());
            if (operator.isEmpty()) {
                throw unknownOperator(operatorField, addressField, address);
            }
            if (!hasMore()) {
                throw report.abandon(operatorField.column(), "operator "
                        + Quote.of(operatorField.text()) + " needs a port after it: a number"
                        + " or a service name such as http");
            }
            OptionalInt port = parsePort(fields.get(next++));
            if (hasMore()) {
                ConfigLine.Field extra = fields.get(next);
                throw report.abandon(extra.column(), "unexpected " + Quote.of(extra.text())
                        + " after the port condition; only ': shell command' may follow it");
            }
            return port.isPresent() ? new PortCondition(operator.get(), port.getAsInt()) : null;
        }

        /** A field where an operator belongs that is none; says what it probably is. */
        private LineReport.LineAbandoned unknownOperator(ConfigLine.Field field,
                ConfigLine.Field addressField, AddressFields.Spec address) {
            String text = field.text();
            if (isListField(text)) {
                return report.abandon(field.column(), Quote.of(text) + " must come before the"
                        + " address, right after the keyword (sockd [@=servers] [*=users]"
                        + " address ...)");
            }
            if (!address.needsMask() && IpLiterals.looksNumericDotted(text)) {
                return report.abandon(field.column(), "unexpected mask " + Quote.of(text)
                        + ": " + Quote.of(addressField.text()) + " takes none; remove it");
            }
            return report.abandon(field.column(), "unknown operator " + Quote.of(text)
                    + "; expected " + OPERATORS + LineReport.gluedCommandHint(text, before ->
                            PortCondition.Operator.ofKeyword(before).isPresent()));
        }

        private OptionalInt parsePort(ConfigLine.Field field) {
            String text = field.text();
            if (IpLiterals.isDecimal(text)) {
                int port = HostPort.parseNumber(text);
                if (port >= 0) {
                    return OptionalInt.of(port);
                }
                report.error(field.column(), "port " + Quote.escaped(text)
                        + " is out of range: expected 0 to 65535");
                return OptionalInt.empty();
            }
            OptionalInt port = services.tcpPort(text);
            if (port.isEmpty()) {
                report.error(field.column(), "unknown service " + Quote.of(text) + ": no tcp"
                        + " service of that name in " + services.origin() + "; write the port"
                        + " number" + LineReport.gluedCommandHint(text, before ->
                                HostPort.parseNumber(before) >= 0
                                        || services.tcpPort(before).isPresent()));
            }
            return port;
        }

        /** {@code sockd@=fw} and {@code direct*=bob}: the keyword and its list, glued. */
        private List<ConfigLine.Field> splitGluedKeyword(List<ConfigLine.Field> fields) {
            if (fields.isEmpty()) {
                return fields;
            }
            String first = fields.get(0).text();
            for (Action action : Action.values()) {
                int length = action.keyword().length();
                if (first.length() > length && first.regionMatches(true, 0, action.keyword(), 0,
                        length) && isListField(first.substring(length))) {
                    List<ConfigLine.Field> split = new ArrayList<>(fields.size() + 1);
                    split.add(new ConfigLine.Field(first.substring(0, length),
                            fields.get(0).column()));
                    split.add(fields.get(0).tail(length));
                    split.addAll(fields.subList(1, fields.size()));
                    return split;
                }
            }
            return fields;
        }

        private boolean isListField(String text) {
            return text.startsWith("@=") || text.startsWith("*=");
        }
    }
}
