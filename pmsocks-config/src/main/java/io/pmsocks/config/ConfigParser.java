package io.pmsocks.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;

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
 * ({@code sockd@=fw}); the address may be {@code a.b.c.d/n}, an IPv6 prefix or a
 * {@code .domain} suffix, each without a mask; a user list file may hold {@code #} comments.
 * {@code ALL}, {@code LOCALHOSTNAME} and the operators are keywords, case-insensitive like the
 * verbs. Dotted quads are read as decimal, leading zeros included (inet_aton(3) would read
 * {@code 010} as octal; nobody writing a mask today means that).
 *
 * <p>Columns are 1-based and count characters; a tab counts as one.
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

    static final String LOCALHOSTNAME = "LOCALHOSTNAME";
    static final String ALL = "ALL";

    private static final String OPERATORS = "eq, neq, lt, gt, le or ge";
    private static final String GLUED_COMMAND_HINT =
            "; a blank must come before the ':' that starts a shell command";
    private static final String ADDRESS_FORMS = "a dotted quad with a mask (10.2.0.0 255.255.0.0),"
            + " a host name with a mask, LOCALHOSTNAME with a mask, ALL, a.b.c.d/n,"
            + " an IPv6 prefix (2001:db8::/32) or a .domain suffix";
    private static final String DANTE_MESSAGE = "this file is in Dante's sockd.conf format"
            + " (or that of Dante's client socks.conf), not the CSTC socks.conf format that"
            + " pmsocks reads: write one rule per line, such as"
            + " 'sockd @=fw:1080 0.0.0.0 0.0.0.0' (see pcp_socks.conf(5))";

    /** First words of Dante's block statements: {@code route {}, {@code client pass {}. */
    private static final Set<String> DANTE_BLOCKS = Set.of("route", "client", "socks", "hostid");
    /** Dante's {@code keyword:} statements, at top level and inside blocks. */
    private static final Set<String> DANTE_KEYWORDS = Set.of(
            "logoutput", "errorlog", "debug", "internal", "external", "method", "clientmethod",
            "socksmethod", "compatibility", "extension", "resolveprotocol", "srchost", "from",
            "to", "via", "command", "protocol", "proxyprotocol", "log", "libwrap", "bandwidth",
            "redirect", "group", "user", "port");
    private static final List<String> DANTE_KEYWORD_PREFIXES = List.of("user.", "timeout.",
            "child.", "internal.", "external.", "session.", "socket.", "cpu.", "udp.", "gssapi.",
            "pam.", "bsdauth.", "ldap.", "route.", "monitor.");

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
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Line line = Line.split(i + 1, lines[i]);
            if (line.fields().isEmpty() && line.command() == null) {
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
            Optional<Rule> rule = new LineParser(source, line, diagnostics).parse();
            if (rule.isPresent()) {
                rules.add(rule.get());
            }
        }
        if (rules.isEmpty() && !Diagnostic.anyError(diagnostics)) {
            diagnostics.add(Diagnostic.warning(source, 0, 0,
                    "no rules: every connect except to loopback will be refused"));
        }
        return new Result(rules, diagnostics);
    }

    /** One blank-separated field and the column it starts at. */
    record Field(String text, int column) {

        int endColumn() {
            return column + text.length();
        }

        Field tail(int from) {
            return new Field(text.substring(from), column + from);
        }
    }

    /**
     * A line cut into fields, before any meaning is given to them.
     *
     * @param command the shell command (trimmed), or {@code null} when there is no {@code :}
     * @param commandColumn the column of the {@code :} that starts it
     */
    record Line(int number, List<Field> fields, String command, int commandColumn) {

        /**
         * Fields end at blanks; {@code #} ends the line; a {@code :} that begins a field starts
         * the shell command, which is the rest of the line (where {@code #} is an ordinary
         * character). A {@code :} inside a field belongs to the field, and so does the
         * {@code ::} that begins an IPv6 literal.
         */
        static Line split(int number, String text) {
            List<Field> fields = new ArrayList<>();
            int length = text.length();
            int i = 0;
            while (i < length) {
                char c = text.charAt(i);
                if (isBlank(c)) {
                    i++;
                } else if (c == '#') {
                    break;
                } else {
                    int start = i;
                    while (i < length && !isBlank(text.charAt(i)) && text.charAt(i) != '#') {
                        i++;
                    }
                    String field = text.substring(start, i);
                    if (c == ':' && !isIpv6StartingWithColons(field)) {
                        return new Line(number, fields, text.substring(start + 1).trim(),
                                start + 1);
                    }
                    fields.add(new Field(field, start + 1));
                }
            }
            return new Line(number, fields, null, 0);
        }

        /**
         * {@code ::/0}, {@code ::ffff:10.0.0.0/104}: an IPv6 literal that begins with a colon
         * is an address field, not a shell command; no command begins with {@code ::}.
         */
        private static boolean isIpv6StartingWithColons(String field) {
            if (!field.startsWith("::")) {
                return false;
            }
            int slash = field.indexOf('/');
            return IpLiterals.parseIpv6(slash < 0 ? field : field.substring(0, slash)) != null;
        }

        private static boolean isBlank(char c) {
            return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\u000B';
        }

        /** Column just after the last field: where a missing field was expected. */
        int endColumn() {
            if (command != null) {
                return commandColumn;
            }
            return fields.isEmpty() ? 1 : fields.get(fields.size() - 1).endColumn();
        }

        boolean looksLikeDante() {
            if (fields.isEmpty()) {
                return false;
            }
            for (Field field : fields) {
                if (field.text().indexOf('{') >= 0 || field.text().indexOf('}') >= 0) {
                    return true;
                }
            }
            String first = fields.get(0).text().toLowerCase(Locale.ROOT);
            if (DANTE_BLOCKS.contains(first)) {
                // "socks" alone could be a typo for "sockd"; "socks pass" could not
                return first.equals("route") && fields.size() == 1
                        || fields.size() > 1 && Set.of("pass", "block")
                                .contains(fields.get(1).text().toLowerCase(Locale.ROOT));
            }
            int colon = first.indexOf(':');
            if (colon > 0) {
                String keyword = first.substring(0, colon);
                if (DANTE_KEYWORDS.contains(keyword)) {
                    return true;
                }
                for (String prefix : DANTE_KEYWORD_PREFIXES) {
                    if (keyword.startsWith(prefix)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** Opening minus closing braces, to follow Dante blocks across lines. */
        int braceBalance() {
            int balance = 0;
            for (Field field : fields) {
                for (char c : field.text().toCharArray()) {
                    balance += c == '{' ? 1 : c == '}' ? -1 : 0;
                }
            }
            return balance;
        }
    }

    /** What the address field said, before any name is resolved. */
    private sealed interface AddressSpec {
        /** A dotted quad or host name: a mask field follows. */
        boolean needsMask();
    }

    private record LiteralWithMask(int address) implements AddressSpec {
        @Override
        public boolean needsMask() {
            return true;
        }
    }

    /** {@code localHost}: the name is this host's, found when resolving. */
    private record HostNameWithMask(String name, boolean localHost) implements AddressSpec {
        @Override
        public boolean needsMask() {
            return true;
        }
    }

    /** ALL, CIDR, IPv6 prefix or .domain: complete in itself. */
    private record Complete(AddressPattern pattern) implements AddressSpec {
        @Override
        public boolean needsMask() {
            return false;
        }
    }

    /**
     * Parses one line, left to right, and adds its problems to the shared list. A problem that
     * leaves the meaning of the following fields unknown (a bad keyword or address) ends the
     * line; one that does not (a bad server port, a bad mask) lets the rest be checked too.
     */
    private final class LineParser {

        private final String source;
        private final Line line;
        private final List<Diagnostic> diagnostics;
        private final List<Field> fields;
        /** The next field to read. */
        private int next;
        private boolean failed;

        private List<SocksServer> servers;
        private UserList users;

        LineParser(String source, Line line, List<Diagnostic> diagnostics) {
            this.source = source;
            this.line = line;
            this.diagnostics = diagnostics;
            this.fields = splitGluedKeyword(line.fields());
        }

        /** The line's rule, or empty when it has an error (all of them reported). */
        Optional<Rule> parse() {
            try {
                Action action = parseKeyword();
                parseLists(action);
                if (!hasMore()) {
                    throw abandon(line.endColumn(), "missing address after '"
                            + fields.get(next - 1).text() + "'; expected " + ADDRESS_FORMS);
                }
                Field addressField = fields.get(next++);
                AddressSpec address = parseAddress(addressField);
                int mask = address.needsMask() ? parseMask(addressField, address) : 0;
                PortCondition port = hasMore() ? parsePortCondition(addressField, address) : null;
                if (line.command() != null && line.command().isEmpty()) {
                    error(line.commandColumn(), "':' must be followed by a shell command;"
                            + " remove it or write the command after it");
                }
                if (failed) {
                    return Optional.empty();
                }
                return Optional.of(new Rule(source, line.number(), action,
                        servers == null ? List.of() : servers, users,
                        resolve(address, addressField, mask), port, line.command()));
            } catch (LineAbandoned reported) {
                return Optional.empty();
            }
        }

        private boolean hasMore() {
            return next < fields.size();
        }

        private Action parseKeyword() {
            if (fields.isEmpty()) {
                throw abandon(line.commandColumn(), "a shell command needs a rule before it:"
                        + " direct, deny or sockd, then an address");
            }
            Field keyword = fields.get(next++);
            Optional<Action> action = Action.ofKeyword(keyword.text());
            if (action.isEmpty()) {
                throw abandon(keyword.column(), "unknown keyword '" + keyword.text()
                        + "'; a rule starts with direct, deny or sockd"
                        + gluedCommandHint(keyword.text(),
                                before -> Action.ofKeyword(before).isPresent()));
            }
            return action.get();
        }

        /** {@code @=} and {@code *=}, in either order, each at most once. */
        private void parseLists(Action action) {
            while (hasMore() && isListField(fields.get(next).text())) {
                Field field = fields.get(next++);
                if (field.text().startsWith("@=")) {
                    if (action != Action.SOCKD) {
                        error(field.column(), "'@=' names sockd servers: only sockd rules take"
                                + " it, not " + action.keyword());
                    } else if (servers != null) {
                        error(field.column(), "a second '@=' server list; write all servers"
                                + " in one comma list: @=host[:port],host[:port]");
                    } else {
                        servers = parseServers(field.tail(2));
                    }
                } else if (users != null) {
                    error(field.column(), "a second '*=' user list;"
                            + " write all users in one comma list: *=name,name,/path/of/file");
                } else {
                    users = parseUsers(field.tail(2));
                }
            }
        }

        /** The mask field after a dotted quad or host name; 0 after reporting a bad one. */
        private int parseMask(Field addressField, AddressSpec address) {
            boolean operatorNext = hasMore()
                    && PortCondition.Operator.ofKeyword(fields.get(next).text()).isPresent();
            if (!hasMore() || operatorNext) {
                throw abandon(hasMore() ? fields.get(next).column() : line.endColumn(),
                        "missing mask after '" + addressField.text() + "'; write a dotted-quad"
                        + " mask such as 255.255.255.0 (255.255.255.255 for one host)"
                        + (address instanceof LiteralWithMask
                                ? ", or give the address as a.b.c.d/n" : ""));
            }
            Field maskField = fields.get(next++);
            Integer mask = IpLiterals.parseIpv4(maskField.text());
            if (mask != null) {
                return mask;
            }
            String hint = gluedCommandHint(maskField.text(),
                    before -> IpLiterals.parseIpv4(before) != null);
            String message = "bad mask '" + maskField.text()
                    + "': expected a dotted quad such as 255.255.255.0" + hint;
            if (!hint.isEmpty()) {
                // the rest of the line is the glued command's: judging it as fields would
                // only add noise
                throw abandon(maskField.column(), message);
            }
            error(maskField.column(), message);
            return 0;
        }

        /** {@code op port}, and nothing after it; {@code null} after reporting a bad port. */
        private PortCondition parsePortCondition(Field addressField, AddressSpec address) {
            Field operatorField = fields.get(next++);
            Optional<PortCondition.Operator> operator =
                    PortCondition.Operator.ofKeyword(operatorField.text());
            if (operator.isEmpty()) {
                throw unknownOperator(operatorField, addressField, address);
            }
            if (!hasMore()) {
                throw abandon(operatorField.column(), "operator '" + operatorField.text()
                        + "' needs a port after it: a number or a service name such as http");
            }
            OptionalInt port = parsePort(fields.get(next++));
            if (hasMore()) {
                Field extra = fields.get(next);
                throw abandon(extra.column(), "unexpected '" + extra.text() + "' after the port"
                        + " condition; only ': shell command' may follow it");
            }
            return port.isPresent() ? new PortCondition(operator.get(), port.getAsInt()) : null;
        }

        /** {@code sockd@=fw} and {@code direct*=bob}: the keyword and its list, glued. */
        private List<Field> splitGluedKeyword(List<Field> fields) {
            if (fields.isEmpty()) {
                return fields;
            }
            String first = fields.get(0).text();
            for (Action action : Action.values()) {
                int length = action.keyword().length();
                if (first.length() > length && first.regionMatches(true, 0, action.keyword(), 0,
                        length) && isListField(first.substring(length))) {
                    List<Field> split = new ArrayList<>(fields.size() + 1);
                    split.add(new Field(first.substring(0, length), fields.get(0).column()));
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

        /** The address field; a bad one abandons the line (its mask may or may not follow). */
        private AddressSpec parseAddress(Field field) {
            String text = field.text();
            if (text.equalsIgnoreCase(ALL)) {
                return new Complete(new AddressPattern.Ipv4Masked(0, 0));
            }
            if (text.equalsIgnoreCase(LOCALHOSTNAME)) {
                return new HostNameWithMask(LOCALHOSTNAME, true);
            }
            int slash = text.indexOf('/');
            if (slash >= 0) {
                return parsePrefix(field, text.substring(0, slash), text.substring(slash + 1));
            }
            if (text.indexOf(':') >= 0) {
                if (IpLiterals.parseIpv6(text) != null) {
                    throw abandon(field.column(), "an IPv6 address needs a prefix length and no"
                            + " mask: write '" + text + "/128' for this one address, or a"
                            + " network such as '2001:db8::/32'");
                }
                throw notAnAddress(field);
            }
            if (text.startsWith(".")) {
                String name = text.substring(1);
                name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
                if (!IpLiterals.isHostName(name) || IpLiterals.looksNumericDotted(name)) {
                    throw abandon(field.column(), "'" + text + "' is not a domain suffix:"
                            + " expected a dot and a domain name, such as .example.com");
                }
                return new Complete(
                        new AddressPattern.DomainSuffix("." + name.toLowerCase(Locale.ROOT)));
            }
            if (IpLiterals.looksNumericDotted(text)) {
                Integer address = IpLiterals.parseIpv4(text);
                if (address == null) {
                    throw abandon(field.column(), "'" + text + "' is not an IPv4 address: write"
                            + " four numbers from 0 to 255 separated by dots, such as 10.2.0.0");
                }
                return new LiteralWithMask(address);
            }
            if (IpLiterals.isHostName(text)) {
                return new HostNameWithMask(text, false);
            }
            throw notAnAddress(field);
        }

        private LineAbandoned notAnAddress(Field field) {
            return abandon(field.column(), "'" + field.text() + "' is not an address; expected "
                    + ADDRESS_FORMS + gluedCommandHint(field.text(), before ->
                            IpLiterals.parseIpv4(before) != null || IpLiterals.isHostName(before)));
        }

        /** {@code a.b.c.d/n} and IPv6 prefixes. */
        private AddressSpec parsePrefix(Field field, String address, String bitsText) {
            int bits = -1;
            if (!bitsText.isEmpty() && bitsText.length() <= 3
                    && IpLiterals.isDecimal(bitsText)) {
                bits = Integer.parseInt(bitsText);
            }
            int slashColumn = field.column() + address.length();
            if (address.indexOf(':') >= 0) {
                byte[] prefix = IpLiterals.parseIpv6(address);
                if (prefix == null) {
                    throw abandon(field.column(), "'" + address + "' is not an IPv6 address;"
                            + " expected a prefix such as 2001:db8::/32 or ::/0");
                }
                if (bits < 0 || bits > 128) {
                    throw abandon(slashColumn, "bad IPv6 prefix length '/" + bitsText
                            + "': expected a number from 0 to 128");
                }
                if (bits >= 96 && isIpv4Mapped(prefix)) {
                    // IPv4-mapped destinations are matched as IPv4 (SPEC §2), so a prefix
                    // in ::ffff:0:0/96 is the IPv4 network it maps.
                    int ipv4 = (prefix[12] & 0xff) << 24 | (prefix[13] & 0xff) << 16
                            | (prefix[14] & 0xff) << 8 | (prefix[15] & 0xff);
                    return new Complete(new AddressPattern.Ipv4Masked(ipv4, maskOf(bits - 96)));
                }
                return new Complete(new AddressPattern.Ipv6Prefix(prefix, bits));
            }
            Integer ipv4 = IpLiterals.parseIpv4(address);
            if (ipv4 == null) {
                if (IpLiterals.looksNumericDotted(address)) {
                    throw abandon(field.column(), "'" + address + "' is not an IPv4 address:"
                            + " write four numbers from 0 to 255 separated by dots, such as"
                            + " 10.2.0.0/16");
                }
                throw abandon(field.column(), "'" + field.text() + "' is not an address prefix;"
                        + " expected a.b.c.d/n (such as 10.2.0.0/16) or an IPv6 prefix");
            }
            if (bits < 0 || bits > 32) {
                throw abandon(slashColumn, "bad prefix length '/" + bitsText
                        + "': expected a number from 0 to 32"
                        + gluedCommandHint(bitsText, before -> before.matches("[0-9]{1,2}")));
            }
            return new Complete(new AddressPattern.Ipv4Masked(ipv4, maskOf(bits)));
        }

        /** A field where an operator belongs that is none; says what it probably is. */
        private LineAbandoned unknownOperator(Field field, Field addressField,
                AddressSpec address) {
            String text = field.text();
            if (isListField(text)) {
                return abandon(field.column(), "'" + text + "' must come before the address,"
                        + " right after the keyword (sockd [@=servers] [*=users] address ...)");
            }
            if (!address.needsMask() && IpLiterals.looksNumericDotted(text)) {
                return abandon(field.column(), "unexpected mask '" + text + "': '"
                        + addressField.text() + "' takes none; remove it");
            }
            return abandon(field.column(), "unknown operator '" + text + "'; expected "
                    + OPERATORS + gluedCommandHint(text, before ->
                            PortCondition.Operator.ofKeyword(before).isPresent()));
        }

        private OptionalInt parsePort(Field field) {
            String text = field.text();
            if (IpLiterals.isDecimal(text)) {
                if (text.length() <= 5 && Integer.parseInt(text) <= 65535) {
                    return OptionalInt.of(Integer.parseInt(text));
                }
                error(field.column(), "port " + text + " is out of range: expected 0 to 65535");
                return OptionalInt.empty();
            }
            OptionalInt port = services.tcpPort(text);
            if (port.isEmpty()) {
                error(field.column(), "unknown service '" + text + "': no tcp service of that"
                        + " name in " + services.origin() + "; write the port number"
                        + gluedCommandHint(text, before -> before.matches("[0-9]{1,5}")
                                || services.tcpPort(before).isPresent()));
            }
            return port;
        }

        /** {@code *=name,/path/file,...}; an empty list is everyone. */
        private UserList parseUsers(Field list) {
            List<String> written = new ArrayList<>();
            Set<String> names = new LinkedHashSet<>();
            if (list.text().isEmpty()) {
                return new UserList(written, names);
            }
            for (Field entry : splitCommas(list)) {
                String name = entry.text();
                if (name.isEmpty()) {
                    error(entry.column(), "empty entry in the user list '*=" + list.text()
                            + "'; remove the extra comma");
                    continue;
                }
                written.add(name);
                if (name.startsWith("/")) {
                    readUserFile(entry, names);
                } else {
                    names.add(name);
                }
            }
            return new UserList(written, names);
        }

        /** An unreadable file is a warning, not an error: the rule stays and matches nobody. */
        private void readUserFile(Field entry, Set<String> users) {
            Path file = Path.of(entry.text());
            String content;
            try {
                content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            } catch (IOException | SecurityException e) {
                warning(entry.column(), "cannot read the user list file " + file + " ("
                        + reason(e, file) + "); it matches nobody");
                return;
            }
            int found = 0;
            for (String fileLine : content.split("\n")) {
                int comment = fileLine.indexOf('#');
                String names = comment >= 0 ? fileLine.substring(0, comment) : fileLine;
                for (String name : names.trim().split("[\\s,]+")) {
                    if (!name.isEmpty()) {
                        users.add(name);
                        found++;
                    }
                }
            }
            if (found == 0) {
                warning(entry.column(), "the user list file " + file
                        + " names no users; it matches nobody");
            }
        }

        /** {@code @=host[:port],[v6]:port,...}; server names are not resolved here. */
        private List<SocksServer> parseServers(Field list) {
            List<SocksServer> parsed = new ArrayList<>();
            if (list.text().isEmpty()) {
                error(list.column() - 2, "empty server list after '@='; write"
                        + " @=host[:port][,host[:port]...]");
                return parsed;
            }
            for (Field entry : splitCommas(list)) {
                SocksServer server = parseServer(entry, list.text());
                if (server != null) {
                    parsed.add(server);
                }
            }
            return parsed;
        }

        /**
         * One {@code [SCHEME://][USER@]HOST[:PORT]} entry; {@code null} after reporting a bad
         * one.
         */
        private SocksServer parseServer(Field entry, String list) {
            String text = entry.text();
            if (text.isEmpty()) {
                error(entry.column(), "empty entry in the server list " + Quote.of("@=" + list)
                        + "; remove the extra comma");
                return null;
            }
            try {
                return SocksServer.parse(text, SocksServer.DEFAULT_PORT);
            } catch (AddressSyntaxException e) {
                error(entry.column() + e.index(), e.getMessage());
                return null;
            }
        }

        /** Comma-separated entries of a field, each with its column; empty ones kept. */
        private List<Field> splitCommas(Field list) {
            List<Field> entries = new ArrayList<>();
            int start = 0;
            String text = list.text();
            while (true) {
                int comma = text.indexOf(',', start);
                int end = comma < 0 ? text.length() : comma;
                entries.add(new Field(text.substring(start, end), list.column() + start));
                if (comma < 0) {
                    return entries;
                }
                start = comma + 1;
            }
        }

        /**
         * Host names are resolved only for lines with no error, so that a bad line costs no
         * DNS query. A name that does not resolve is a warning: the rule stays, never matching.
         */
        private AddressPattern resolve(AddressSpec address, Field field, int mask) {
            if (address instanceof Complete complete) {
                return complete.pattern();
            }
            if (address instanceof LiteralWithMask literal) {
                return new AddressPattern.Ipv4Masked(literal.address(), mask);
            }
            HostNameWithMask host = (HostNameWithMask) address;
            String name = host.name();
            if (host.localHost()) {
                try {
                    name = resolver.localHostName();
                } catch (UnknownHostException | SecurityException e) {
                    warning(field.column(), "cannot find this host's name for LOCALHOSTNAME ("
                            + e.getMessage() + "); this line never matches");
                    return new AddressPattern.HostAddresses(LOCALHOSTNAME, List.of(), mask);
                }
            }
            List<InetAddress> addresses;
            try {
                addresses = resolver.resolve(name);
            } catch (UnknownHostException | SecurityException e) {
                addresses = List.of();
            }
            if (addresses.isEmpty()) {
                warning(field.column(), "host name '" + name + "'"
                        + (host.localHost() ? " (LOCALHOSTNAME)" : "")
                        + " does not resolve; this line never matches");
            }
            return new AddressPattern.HostAddresses(name, addresses, mask);
        }

        /**
         * For a field that failed to parse because a {@code :} was glued to it: if what comes
         * before the {@code :} would have been fine, say that a blank was missing.
         */
        private String gluedCommandHint(String text, Predicate<String> valid) {
            int colon = text.indexOf(':');
            return colon > 0 && valid.test(text.substring(0, colon)) ? GLUED_COMMAND_HINT : "";
        }

        /** Reports an error after which the rest of the line cannot be judged. */
        private LineAbandoned abandon(int column, String message) {
            error(column, message);
            return new LineAbandoned();
        }

        private void error(int column, String message) {
            failed = true;
            diagnostics.add(Diagnostic.error(source, line.number(), column, message));
        }

        private void warning(int column, String message) {
            diagnostics.add(Diagnostic.warning(source, line.number(), column, message));
        }
    }

    /** Ends the parse of a line whose error has been reported; not a failure of the parser. */
    private static final class LineAbandoned extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LineAbandoned() {
            super(null, null, false, false);
        }
    }

    private static boolean isIpv4Mapped(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }

    /** The IPv4 mask of a prefix length 0..32. */
    static int maskOf(int bits) {
        return bits == 0 ? 0 : -1 << (32 - bits);
    }

    private static String reason(Exception e, Path file) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (Files.isDirectory(file)) {
            return "is a directory";
        }
        return String.valueOf(e.getMessage());
    }
}
