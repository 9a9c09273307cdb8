package io.pmsocks.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs a child JVM as the unprivileged user {@value #USER}, for what a test running as root cannot see in its own
 * JVM: root reads any file, so "permission denied" only happens to another user. CI runs as root; with this, a
 * permission test runs there too instead of being skipped:
 *
 * <pre>{@code
 * if (Unprivileged.isRoot()) {
 *     Unprivileged.allowTraversal(dir);   // the file's folder, as a user's own folder would be
 *     CommandResult result = Unprivileged.run(ChildJvm.forMainClass(LoadProbe.class)
 *             .withClasspath(ChildJvm.locationOf(ConfigLoader.class)).withArguments(file.toString()), timeout);
 *     ... assert on result.stdoutLines() ...
 * } else {
 *     ... the same check in this JVM, whose user cannot read the file either ...
 * }
 * }</pre>
 *
 * The child runs under {@code setpriv --reuid=UID --regid=GID --clear-groups} (util-linux) with {@value #USER}'s
 * ids from {@code /etc/passwd}. Its class path entries and agent jar are copied first into a world-readable folder,
 * since the build's own folders (or the Maven repository under {@code /root}) need not be readable by that user, and
 * it starts in that folder.
 */
public final class Unprivileged {

    public static final String USER = "nobody";
    private static final String FOLDER_PREFIX = "pmsocks-unprivileged-";

    private Unprivileged() {
    }

    /** Whether this JVM's effective user is root, who can read any file. */
    public static boolean isRoot() {
        return Requirements.isRoot();
    }

    /** Lets every user search (traverse) {@code folder}, as a home or /tmp folder allows, without reading it. */
    public static void allowTraversal(Path folder) {
        try {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot change the permissions of " + folder, e);
        }
    }

    /**
     * Runs {@code jvm} to completion as {@value #USER} and returns its status and output. Needs root (only root may
     * change its user); fails saying so otherwise.
     */
    public static CommandResult run(ChildJvm jvm, Duration timeout) {
        if (!isRoot()) {
            throw new IllegalStateException("only root can run a child as " + USER + "; this JVM's user is"
                    + " unprivileged already, so run the check in this JVM");
        }
        Path setpriv = Executables.require("setpriv", "util-linux");
        String[] ids = passwdIds(USER);
        Path copies = TempDirectories.create(FOLDER_PREFIX);
        try (LocalHost host = LocalHost.createOwned()) {
            Files.setPosixFilePermissions(copies, PosixFilePermissions.fromString("rwxr-xr-x"));
            ChildJvm readable = readableCopy(jvm, copies);
            List<String> command = new ArrayList<>(List.of(setpriv.toString(), "--reuid=" + ids[0],
                    "--regid=" + ids[1], "--clear-groups", "--", "env", "--chdir=" + copies));
            command.addAll(readable.command());
            return host.run(timeout, command, readable.environment());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the class path for " + USER + " into " + copies, e);
        } finally {
            TempDirectories.deleteRecursively(copies);
        }
    }

    /** {@code jvm} with its class path and agent copied into {@code copies}, and no performance data file. */
    private static ChildJvm readableCopy(ChildJvm jvm, Path copies) throws IOException {
        List<Path> classpath = new ArrayList<>();
        int n = 0;
        for (Path entry : jvm.classpath()) {
            classpath.add(copy(entry, copies.resolve("cp" + n++)));
        }
        Optional<ChildJvm.Agent> agent = Optional.empty();
        if (jvm.agent().isPresent()) {
            ChildJvm.Agent original = jvm.agent().get();
            agent = Optional.of(new ChildJvm.Agent(copy(original.jar(), copies.resolve("agent")),
                    original.options()));
        }
        List<String> options = new ArrayList<>(jvm.jvmOptions());
        // the JVM would otherwise write /tmp/hsperfdata_nobody, which outlives the run
        options.add("-XX:-UsePerfData");
        return new ChildJvm(jvm.javaHome(), options, agent, classpath, jvm.mainClass(), jvm.arguments(),
                jvm.environment());
    }

    /** Copies a jar or a classes folder to {@code target} (a jar keeps its name), readable by everyone. */
    private static Path copy(Path entry, Path target) throws IOException {
        if (Files.isDirectory(entry)) {
            try (Stream<Path> paths = Files.walk(entry)) {
                for (Path path : paths.toList()) {
                    Path copy = target.resolve(entry.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(copy);
                        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
                    } else {
                        Files.copy(path, copy);
                        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                    }
                }
            }
            return target;
        }
        Files.createDirectories(target);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path copy = target.resolve(entry.getFileName().toString());
        Files.copy(entry, copy);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        return copy;
    }

    /** The user's uid and primary gid, from {@code /etc/passwd}. */
    private static String[] passwdIds(String user) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] fields = line.split(":");
                if (fields.length > 3 && fields[0].equals(user)) {
                    return new String[] {fields[2], fields[3]};
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /etc/passwd", e);
        }
        throw new IllegalStateException("this machine has no user '" + user + "' in /etc/passwd");
    }
}
