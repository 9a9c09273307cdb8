package io.pmsocks.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the user name and password for a socks5 or http server, in the order of SPEC §2:
 * the user from the entry's {@code USER@}, else {@code SOCKS_USERNAME}, else the credentials
 * file's entry for that server; the password from {@code SOCKS_PASSWORD}, else the
 * credentials file.
 *
 * <p>The credentials file ({@code PMSOCKS_CREDENTIALS}, default
 * {@code ~/.config/pmsocks/credentials}) has lines {@code HOST[:PORT] USER PASSWORD}, the
 * password being the rest of the line (blanks inside it kept, the line's end trimmed);
 * blank lines and lines starting with {@code #} are ignored. An entry without a port is for
 * that host on every port. The first line for the server (and for the user, when the user is
 * already known) is used. The file must be readable by its owner only: group or other read
 * permission is refused, checked on the mode bits so that it holds for root too. It is read
 * when a socks5 or http server first needs it, and once.
 *
 * <p>No password ever reaches a message: errors about a line of the file quote only its host
 * field, and {@link #toString()} shows none.
 */
public final class CredentialLookup {

    public static final String USER_VARIABLE = "SOCKS_USERNAME";
    public static final String PASSWORD_VARIABLE = "SOCKS_PASSWORD";
    public static final String FILE_VARIABLE = "PMSOCKS_CREDENTIALS";
    /** The credentials file when {@value #FILE_VARIABLE} is unset, under the home directory. */
    public static final String DEFAULT_FILE = ".config/pmsocks/credentials";
    /** Larger credentials files are refused: nobody has that many proxies. */
    public static final int MAX_FILE_BYTES = 64 * 1024;

    /** One line of the file; {@code port} 0 means every port. */
    private record Entry(String host, int port, String user, String password) {
        boolean isFor(SocksServer server) {
            return (port == 0 || port == server.port()) && HostPort.sameHost(host, server.host());
        }
    }

    private final String user;
    private final String password;
    private final String file;
    private final boolean fileNamed;
    /** The file's entries, once read; the ConfigException it gave, if it did. */
    private volatile List<Entry> entries;
    private volatile ConfigException fileError;

    /**
     * @param user SOCKS_USERNAME, or {@code null}
     * @param password SOCKS_PASSWORD, or {@code null}
     * @param file the credentials file, or {@code null} when there is none (no home directory)
     * @param fileNamed whether the user named the file (PMSOCKS_CREDENTIALS): then a missing
     *     file is an error; the default file may be absent
     */
    public CredentialLookup(String user, String password, String file, boolean fileNamed) {
        this.user = emptyToNull(user);
        this.password = emptyToNull(password);
        this.file = emptyToNull(file);
        this.fileNamed = fileNamed && this.file != null;
    }

    /** From the environment: SOCKS_USERNAME, SOCKS_PASSWORD, PMSOCKS_CREDENTIALS and HOME. */
    public static CredentialLookup from(Map<String, String> environment) {
        return from(environment, null);
    }

    /**
     * @param userOption the agent's {@code username} option, which wins over SOCKS_USERNAME,
     *     or {@code null}
     */
    static CredentialLookup from(Map<String, String> environment, String userOption) {
        String named = emptyToNull(environment.get(FILE_VARIABLE));
        String file = named;
        if (file == null) {
            String home = emptyToNull(environment.get("HOME"));
            if (home == null) {
                home = emptyToNull(System.getProperty("user.home"));
            }
            file = home == null ? null : (home.endsWith("/") ? home : home + "/") + DEFAULT_FILE;
        }
        String user = userOption != null ? userOption : environment.get(USER_VARIABLE);
        return new CredentialLookup(user, environment.get(PASSWORD_VARIABLE), file,
                named != null);
    }

    /**
     * The credentials for {@code server}, when both a user name and a password are known;
     * always empty for a socks4 server.
     *
     * @throws ConfigException the credentials file was needed and cannot be used (readable by
     *     others, unreadable, a bad line); the same exception on every later call
     */
    public Optional<ProxyCredentials> forServer(SocksServer server) throws ConfigException {
        Objects.requireNonNull(server, "server");
        if (!server.scheme().takesCredentials()) {
            return Optional.empty();
        }
        String chosenUser = server.user() != null ? server.user() : user;
        if (chosenUser != null && password != null) {
            return Optional.of(new ProxyCredentials(chosenUser, password));
        }
        Entry entry = entryFor(server, chosenUser);
        if (entry == null) {
            return Optional.empty();
        }
        return Optional.of(new ProxyCredentials(chosenUser != null ? chosenUser : entry.user(),
                password != null ? password : entry.password()));
    }

    /**
     * Why {@link #forServer} found nothing for {@code server}, and where pmsocks looks: for
     * the message of a connect refused for lack of credentials. Never shows a password.
     */
    public String whatIsMissing(SocksServer server) {
        String chosenUser = server.user() != null ? server.user() : user;
        String fileLine = file == null ? "" : ", or add a line '"
                + HostPort.display(server.host(), server.port()) + " "
                + (chosenUser != null ? chosenUser : "USER") + " PASSWORD' to " + file;
        if (chosenUser == null) {
            return "no user name known for " + server + ": write USER@ in the server entry or"
                    + " set " + USER_VARIABLE + ", and set " + PASSWORD_VARIABLE + fileLine;
        }
        return "no password known for user " + chosenUser + " at " + server + ": set "
                + PASSWORD_VARIABLE + fileLine;
    }

    /** The credentials file looked in, or {@code null}. */
    public String file() {
        return file;
    }

    private Entry entryFor(SocksServer server, String chosenUser) throws ConfigException {
        for (Entry entry : entries()) {
            if (entry.isFor(server) && (chosenUser == null || chosenUser.equals(entry.user()))) {
                return entry;
            }
        }
        return null;
    }

    private List<Entry> entries() throws ConfigException {
        List<Entry> read = entries;
        if (read != null) {
            return read;
        }
        ConfigException error = fileError;
        if (error != null) {
            throw error;
        }
        // Two threads may both read the file the first time: harmless, and no lock is held
        // across I/O (a virtual thread would pin its carrier on JDK 21-23).
        try {
            read = readFile();
        } catch (ConfigException e) {
            fileError = e;
            throw e;
        }
        entries = read;
        return read;
    }

    private List<Entry> readFile() throws ConfigException {
        if (file == null) {
            return List.of();
        }
        byte[] bytes;
        try {
            Path path = RegularFiles.path(file);
            if (!fileNamed && !Files.exists(path)) {
                return List.of();
            }
            bytes = RegularFiles.read(path, MAX_FILE_BYTES);
            checkOwnerOnly(path);
        } catch (RegularFiles.Unreadable e) {
            throw new ConfigException(Diagnostic.error(file, 0, 0,
                    "cannot read the credentials file (" + e.getMessage() + ")"
                            + (fileNamed ? "; it was named by " + FILE_VARIABLE : "")));
        }
        return parse(new String(bytes, StandardCharsets.UTF_8));
    }

    private void checkOwnerOnly(Path path) throws ConfigException, RegularFiles.Unreadable {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(path);
        } catch (NoSuchFileException e) {
            throw new RegularFiles.Unreadable("no such file");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new RegularFiles.Unreadable(String.valueOf(e.getMessage()));
        }
        if (permissions.contains(PosixFilePermission.GROUP_READ)
                || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            throw new ConfigException(Diagnostic.error(file, 0, 0, "the credentials file can be"
                    + " read by other users than its owner; refused: run 'chmod 600 " + file
                    + "'"));
        }
    }

    private List<Entry> parse(String text) throws ConfigException {
        List<Entry> parsed = new ArrayList<>();
        List<Diagnostic> errors = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int start = skipBlanks(line, 0);
            if (start == line.length() || line.charAt(start) == '#') {
                continue;
            }
            int hostEnd = skipField(line, start);
            int userStart = skipBlanks(line, hostEnd);
            int userEnd = skipField(line, userStart);
            int passwordStart = skipBlanks(line, userEnd);
            String password = line.substring(passwordStart).strip();
            HostPort host;
            try {
                host = HostPort.parse(line.substring(start, hostEnd), 0, false);
            } catch (AddressSyntaxException e) {
                errors.add(Diagnostic.error(file, i + 1, start + e.index() + 1, e.getMessage()));
                continue;
            }
            if (userStart == line.length()) {
                errors.add(Diagnostic.error(file, i + 1, hostEnd + 1, "missing user name and"
                        + " password after " + Quote.of(line.substring(start, hostEnd))
                        + "; expected HOST[:PORT] USER PASSWORD"));
                continue;
            }
            if (password.isEmpty()) {
                errors.add(Diagnostic.error(file, i + 1, userEnd + 1, "missing password after"
                        + " the user name; expected HOST[:PORT] USER PASSWORD"));
                continue;
            }
            parsed.add(new Entry(host.host(), host.port(), line.substring(userStart, userEnd),
                    password));
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(ConfigParser.capped(file, errors));
        }
        return List.copyOf(parsed);
    }

    private static int skipBlanks(String line, int from) {
        int i = from;
        while (i < line.length() && isBlank(line.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipField(String line, int from) {
        int i = from;
        while (i < line.length() && !isBlank(line.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    /** Where credentials come from; never a password. */
    @Override
    public String toString() {
        return "CredentialLookup[" + USER_VARIABLE + "=" + (user == null ? "unset" : user)
                + ", " + PASSWORD_VARIABLE + "=" + (password == null ? "unset" : "set")
                + ", file=" + file + "]";
    }
}
