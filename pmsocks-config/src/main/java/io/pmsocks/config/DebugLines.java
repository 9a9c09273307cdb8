package io.pmsocks.config;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The one format of pmsocks' debug lines ({@code [pmsocks] } and the message), written by the
 * launcher and by the Java agent alike, and the file {@code SOCKS_DEBUG=/FILE} names.
 *
 * <p>Every writer appends, so that the lines of earlier runs (the agent's, in a GUI client
 * without a terminal) survive the next. pmsocks often runs as root: the file is opened without
 * following a symbolic link (O_NOFOLLOW), so that a link planted at that path cannot make it
 * write elsewhere, and a file it creates is readable by its owner only.
 */
public final class DebugLines {

    /** What every debug line starts with. */
    public static final String PREFIX = "[pmsocks] ";

    private static final Set<OpenOption> APPEND = Set.of(StandardOpenOption.CREATE,
            StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);

    private DebugLines() {
    }

    /** One line, ready for a single write (so that writers appending at once do not mix). */
    public static byte[] line(String message) {
        return (PREFIX + message + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Opens {@code file} for appending, creating it with mode 0600.
     *
     * @throws IOException whose message says why, without the path (a symbolic link is named
     *     as such)
     */
    public static OutputStream openFile(Path file) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, APPEND, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            // ELOOP comes as a plain IOException on some JDKs, as a FileSystemException on others
            if (Files.isSymbolicLink(file)) {
                throw new IOException("a symbolic link, which pmsocks does not follow for its"
                        + " debug lines: name the file itself", e);
            }
            String reason = e instanceof FileSystemException ? ((FileSystemException) e)
                    .getReason() : e.getMessage();
            throw new IOException(reason != null ? reason : e.getClass().getSimpleName(), e);
        }
        return Channels.newOutputStream(channel);
    }
}
