package io.pmsocks.agent.runtime;

import io.pmsocks.config.DebugLines;
import io.pmsocks.config.Settings;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The agent's own diagnostics: {@code [pmsocks] } lines on stderr, or appended to the file that
 * SOCKS_DEBUG names (GUI clients have no terminal), in the launcher's format and opened as it
 * opens it ({@link DebugLines}). No logging framework is loaded into the application's JVM.
 */
public final class DebugLog {

    public static final String PREFIX = DebugLines.PREFIX;

    private static final DebugLog OFF = new DebugLog(null);

    private final OutputStream out;
    private final ReentrantLock writing = new ReentrantLock();

    private DebugLog(OutputStream out) {
        this.out = out;
    }

    /**
     * A log for the settings' SOCKS_DEBUG; a file that cannot be opened (or is a symbolic link)
     * is said so on stderr, and the lines go there instead.
     */
    public static DebugLog open(Settings.Debug debug) {
        if (!debug.enabled()) {
            return OFF;
        }
        if (debug.file() == null) {
            return new DebugLog(System.err);
        }
        try {
            return new DebugLog(DebugLines.openFile(debug.file()));
        } catch (IOException e) {
            System.err.println(PREFIX + "cannot append debug lines to " + debug.file() + " ("
                    + e.getMessage() + "); they go to stderr");
            return new DebugLog(System.err);
        }
    }

    /** Lines to {@code out}. */
    static DebugLog to(OutputStream out) {
        return new DebugLog(out);
    }

    public boolean enabled() {
        return out != null;
    }

    /** One line; callers check {@link #enabled()} first when building the text costs anything. */
    public void log(String message) {
        if (out == null) {
            return;
        }
        byte[] line = DebugLines.line(message);
        // a lock, not a monitor: a virtual thread writing here must not pin its carrier
        writing.lock();
        try {
            out.write(line);
            out.flush();
        } catch (IOException e) {
            // Debug output must never break a connect.
        } finally {
            writing.unlock();
        }
    }
}
