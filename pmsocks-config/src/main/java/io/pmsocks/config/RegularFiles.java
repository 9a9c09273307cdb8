package io.pmsocks.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the small files pmsocks is pointed at (the configuration, user lists, credentials)
 * boundedly: a path that names a device ({@code /dev/zero}), a FIFO or a huge file must give
 * an error naming it, not a read that never ends or fills the heap.
 */
final class RegularFiles {

    /** Why a file could not be read, as a few words for a message. */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String reason) {
            super(reason, null, false, false);
        }
    }

    private RegularFiles() {
    }

    /** A path from user text; text the file system cannot name is a reason, not a crash. */
    static Path path(String text) throws Unreadable {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            // Under LANG=C the JVM writes file names in ASCII: a non-ASCII name has no bytes
            throw new Unreadable("not a file name this locale can write (" + e.getReason()
                    + "; file names are " + System.getProperty("sun.jnu.encoding",
                            "of an unknown encoding") + " here): use a locale that can, such"
                    + " as LANG=C.UTF-8, or a path in ASCII (a symbolic link will do)");
        }
    }

    /**
     * The file's bytes, if it is a regular file (after symbolic links) of at most
     * {@code maxBytes}.
     */
    static byte[] read(Path path, int maxBytes) throws Unreadable {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                throw new Unreadable("is a directory");
            }
            if (!attributes.isRegularFile()) {
                throw new Unreadable("not a regular file");
            }
            if (attributes.size() > maxBytes) {
                throw new Unreadable(tooLarge(maxBytes));
            }
            try (InputStream in = Files.newInputStream(path)) {
                // the size may have changed since: read one byte more than allowed, no further
                byte[] bytes = in.readNBytes(maxBytes + 1);
                if (bytes.length > maxBytes) {
                    throw new Unreadable(tooLarge(maxBytes));
                }
                return bytes;
            }
        } catch (NoSuchFileException e) {
            throw new Unreadable("no such file");
        } catch (AccessDeniedException e) {
            throw new Unreadable("permission denied");
        } catch (IOException | SecurityException e) {
            throw new Unreadable(String.valueOf(e.getMessage()));
        }
    }

    private static String tooLarge(int maxBytes) {
        return maxBytes % (1024 * 1024) == 0
                ? "larger than " + maxBytes / (1024 * 1024) + " MiB"
                : "larger than " + maxBytes / 1024 + " KiB";
    }
}
