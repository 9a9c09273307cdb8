package io.pmsocks.agent.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Woven class files kept on disk, so that a warm start redefines the JDK classes without
 * loading ByteBuddy at all (it loads some 800 classes, most of the agent's start-up cost).
 *
 * <p>These bytes are defined into {@code java.base} and run with full privileges, so the cache
 * is trusted only when it is private to the user: the directory and every file must belong to
 * the process's user, must not be symbolic links, and must not be writable by group or others.
 * Anything else is ignored and the classes are woven in memory. Entries are keyed by the
 * agent's own build, {@code java.home}, the VM version and a hash of the original class file,
 * so a JDK or agent update never picks up a stale entry.
 */
final class WovenClassCache {

    private static final int GROUP_OR_OTHER_WRITE = 0022;

    private final Path directory;
    private final int uid;

    private WovenClassCache(Path directory, int uid) {
        this.directory = directory;
        this.uid = uid;
    }

    /** The user's cache, or {@code null} when there is no private place for one. */
    static WovenClassCache open(Map<String, String> environment) {
        Path base;
        String xdg = environment.get("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) {
            base = Path.of(xdg);
        } else {
            String home = System.getProperty("user.home");
            if (home == null || home.isEmpty() || home.equals("?")) {
                return null;
            }
            base = Path.of(home, ".cache");
        }
        try {
            // /proc/self belongs to the process's effective user.
            int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            Path directory = base.resolve("pmsocks").resolve("woven-classes");
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            WovenClassCache cache = new WovenClassCache(directory, uid);
            return cache.isPrivate(directory) && cache.isPrivate(directory.getParent()) ? cache : null;
        } catch (IOException | RuntimeException unusable) {
            return null;
        }
    }

    /**
     * The key of one woven class: the class, CRC-32C checksums of its original class file and of
     * the JDK's identity, and the agent build. The checksum only tells versions apart; trust
     * comes from the permissions checked above, not from the key. (A cryptographic digest
     * would load the JDK's security providers at every start.)
     *
     * @param agentBuild changes whenever the agent, and so its weaving, changes
     */
    static String key(String className, byte[] original, String agentBuild) {
        CRC32C jdk = new CRC32C();
        jdk.update((System.getProperty("java.home") + '\0' + System.getProperty("java.vm.version"))
                .getBytes(StandardCharsets.UTF_8));
        CRC32C classFile = new CRC32C();
        classFile.update(original);
        CRC32C agent = new CRC32C();
        agent.update(agentBuild.getBytes(StandardCharsets.UTF_8));
        return className + "-" + Long.toHexString(jdk.getValue()) + "-"
                + Long.toHexString(classFile.getValue()) + "-" + original.length + "-"
                + Long.toHexString(agent.getValue());
    }

    /** The cached bytes, or {@code null} when absent or not to be trusted. */
    byte[] load(String key) {
        Path file = directory.resolve(key + ".class");
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !isPrivate(file)) {
                return null;
            }
            return Files.readAllBytes(file);
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /** Stores atomically (a reader never sees half a file); failures are not an error. */
    void store(String key, byte[] woven) {
        Path file = directory.resolve(key + ".class");
        Path temporary = null;
        try {
            temporary = Files.createTempFile(directory, key, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temporary, woven);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // nothing more to do: the next start weaves again
                }
            }
        }
    }

    private boolean isPrivate(Path path) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(path, "unix:uid,mode",
                LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) attributes.get("mode");
        return (Integer) attributes.get("uid") == uid && (mode & GROUP_OR_OTHER_WRITE) == 0
                && !Files.isSymbolicLink(path);
    }
}
