package io.pmsocks.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A line of the configuration cut into fields, before any meaning is given to them: the
 * tokenizer of {@link ConfigParser}.
 *
 * @param number the 1-based line number
 * @param fields the blank-separated fields before the shell command, each with its column
 * @param command the shell command (trimmed), or {@code null} when there is no {@code :}
 * @param commandColumn the column of the {@code :} that starts it
 */
record ConfigLine(int number, List<Field> fields, String command, int commandColumn) {

    /** One blank-separated field and the 1-based column it starts at (a tab counts as one). */
    record Field(String text, int column) {

        int endColumn() {
            return column + text.length();
        }

        Field tail(int from) {
            return new Field(text.substring(from), column + from);
        }

        /** Comma-separated entries of the field, each with its column; empty ones kept. */
        List<Field> splitCommas() {
            List<Field> entries = new ArrayList<>();
            int start = 0;
            while (true) {
                int comma = text.indexOf(',', start);
                int end = comma < 0 ? text.length() : comma;
                entries.add(new Field(text.substring(start, end), column + start));
                if (comma < 0) {
                    return entries;
                }
                start = comma + 1;
            }
        }
    }

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

    ConfigLine {
        fields = List.copyOf(fields);
    }

    /**
     * Fields end at blanks; {@code #} ends the line; a {@code :} that begins a field starts
     * the shell command, which is the rest of the line (where {@code #} is an ordinary
     * character). A {@code :} inside a field belongs to the field, and so does the {@code ::}
     * that begins an IPv6 literal.
     */
    static ConfigLine split(int number, String text) {
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
                    return new ConfigLine(number, fields, text.substring(start + 1).trim(),
                            start + 1);
                }
                fields.add(new Field(field, start + 1));
            }
        }
        return new ConfigLine(number, fields, null, 0);
    }

    /**
     * {@code ::/0}, {@code ::ffff:10.0.0.0/104}: an IPv6 literal that begins with a colon is
     * an address field, not a shell command; no command begins with {@code ::}.
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

    boolean isEmpty() {
        return fields.isEmpty() && command == null;
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
            String text = field.text();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                balance += c == '{' ? 1 : c == '}' ? -1 : 0;
            }
        }
        return balance;
    }
}
