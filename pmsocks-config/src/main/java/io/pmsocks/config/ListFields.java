package io.pmsocks.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code *=userlist} and {@code @=serverlist} fields of a rule: comma lists whose entries
 * are located one by one, a bad entry reported without hiding the others.
 */
final class ListFields {

    /** Larger user list files are refused; the limit of the configuration file itself. */
    static final int MAX_USER_FILE_BYTES = ConfigLoader.MAX_FILE_BYTES;

    private final LineReport report;

    ListFields(LineReport report) {
        this.report = report;
    }

    /** {@code *=name,/path/file,...} (without the {@code *=}); an empty list is everyone. */
    UserList parseUsers(ConfigLine.Field list) {
        List<String> written = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        if (list.text().isEmpty()) {
            return new UserList(written, names);
        }
        for (ConfigLine.Field entry : list.splitCommas()) {
            String name = entry.text();
            if (name.isEmpty()) {
                report.error(entry.column(), "empty entry in the user list "
                        + Quote.of("*=" + list.text()) + "; remove the extra comma");
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
    private void readUserFile(ConfigLine.Field entry, Set<String> users) {
        String content;
        try {
            Path file = RegularFiles.path(entry.text());
            content = new String(RegularFiles.read(file, MAX_USER_FILE_BYTES),
                    StandardCharsets.UTF_8);
        } catch (RegularFiles.Unreadable e) {
            report.warning(entry.column(), "cannot read the user list file "
                    + Quote.escaped(entry.text()) + " (" + e.getMessage() + "); it matches nobody");
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
            report.warning(entry.column(), "the user list file " + Quote.escaped(entry.text())
                    + " names no users; it matches nobody");
        }
    }

    /**
     * {@code @=entry,entry,...} (without the {@code @=}), each entry
     * {@code [SCHEME://][USER@]HOST[:PORT]}; server names are not resolved here.
     */
    List<SocksServer> parseServers(ConfigLine.Field list) {
        List<SocksServer> parsed = new ArrayList<>();
        if (list.text().isEmpty()) {
            report.error(list.column() - 2, "empty server list after '@='; write"
                    + " @=[SCHEME://][USER@]HOST[:PORT][,...]");
            return parsed;
        }
        for (ConfigLine.Field entry : list.splitCommas()) {
            if (entry.text().isEmpty()) {
                report.error(entry.column(), "empty entry in the server list "
                        + Quote.of("@=" + list.text()) + "; remove the extra comma");
                continue;
            }
            try {
                parsed.add(SocksServer.parse(entry.text(), SocksServer.DEFAULT_PORT));
            } catch (AddressSyntaxException e) {
                report.error(entry.column() + e.index(), e.getMessage());
            }
        }
        return parsed;
    }
}
