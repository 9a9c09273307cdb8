package io.pmsocks.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user account of this machine that exists for one test: what Dante's {@code socksmethod: username} checks a
 * SOCKS5 user name and password against (the system's password database). Named
 * {@code pmsit-<creator PID, base 36>-<random>}, with no home folder and no login shell; {@link #close()} deletes it,
 * a shutdown hook deletes one a test forgot, and the next {@link #create} deletes those of a test JVM that was killed.
 * Needs root ({@code useradd}, {@code chpasswd}, {@code userdel} of Debian's passwd package).
 */
public final class SystemUser implements AutoCloseable {

    private static final String PREFIX = "pmsit-";
    private static final Pattern OWN_USER = Pattern.compile(Pattern.quote(PREFIX) + "([0-9a-z]+)-[0-9a-z]+");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

    private final ProxyCredentials credentials;
    private boolean deleted;

    private SystemUser(ProxyCredentials credentials) {
        this.credentials = credentials;
    }

    /** Creates the account with {@code password}; returns once {@code chpasswd} has set it. */
    public static SystemUser create(String password) {
        removeLeftovers();
        String name = PREFIX + Long.toString(ProcessHandle.current().pid(), 36) + "-"
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
        SystemUser user = new SystemUser(new ProxyCredentials(name, password));
        try (LocalHost host = LocalHost.createOwned()) {
            host.run(COMMAND_TIMEOUT, program("useradd"), "--no-create-home", "--no-user-group", "--shell",
                    "/usr/sbin/nologin", name).requireSuccess();
            ShutdownCleanup.register(user);
            try (ChildProcess chpasswd = host.start(List.of(program("chpasswd")))) {
                try (OutputStream in = chpasswd.stdin()) {
                    in.write((name + ":" + password + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot give chpasswd the password", e);
                }
                chpasswd.awaitResult(COMMAND_TIMEOUT).requireSuccess();
            }
        } catch (RuntimeException e) {
            user.close();
            throw e;
        }
        return user;
    }

    public String name() {
        return credentials.user();
    }

    /** The user name and password a SOCKS5 client gives. */
    public ProxyCredentials credentials() {
        return credentials;
    }

    /** Deletes the account. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (deleted) {
            return;
        }
        deleted = true;
        try {
            delete(credentials.user());
        } finally {
            ShutdownCleanup.unregister(this);
        }
    }

    @Override
    public String toString() {
        return "SystemUser[" + credentials.user() + "]";
    }

    private static void delete(String name) {
        try (LocalHost host = LocalHost.createOwned()) {
            CommandResult result = host.run(COMMAND_TIMEOUT, program("userdel"), name);
            // 6: no such user, e.g. useradd itself failed
            if (result.exitCode() != 0 && result.exitCode() != 6) {
                result.requireSuccess();
            }
        }
    }

    private static String program(String name) {
        return Executables.require(name, "passwd").toString();
    }

    /** Accounts of earlier test JVMs that died without deleting theirs, recognised by the creator PID. */
    private static void removeLeftovers() {
        List<String> passwd;
        try {
            passwd = Files.readAllLines(Path.of("/etc/passwd"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /etc/passwd", e);
        }
        for (String line : passwd) {
            String name = line.split(":", 2)[0];
            Matcher m = OWN_USER.matcher(name);
            if (m.matches()) {
                long pid = Long.parseLong(m.group(1), 36);
                if (pid != ProcessHandle.current().pid() && !ChildProcess.isRunning(pid)) {
                    delete(name);
                }
            }
        }
    }
}
