package io.pmsocks.agent.runtime;

import io.pmsocks.config.Settings;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The agent's own diagnostics: {@code [pmsocks] } lines on stderr, or appended to the file that
 * SOCKS_DEBUG names (GUI clients have no terminal). No logging framework is loaded into the
 * application's JVM.
 */
public final class DebugLog {

    public static final String PREFIX = "[pmsocks] ";

    private static final DebugLog OFF = new DebugLog(null);

    private final OutputStream out;

    private DebugLog(OutputStream out) {
        this.out = out;
    }

    /** A log for the settings' SOCKS_DEBUG; a file that cannot be opened falls back to stderr. */
    public static DebugLog open(Settings.Debug debug) {
        if (!debug.enabled()) {
            return OFF;
        }
        if (debug.file() == null) {
            return new DebugLog(System.err);
        }
        try {
            return new DebugLog(new FileOutputStream(debug.file().toFile(), true));
        } catch (IOException e) {
            System.err.println(PREFIX + "cannot append to " + debug.file() + " (" + e.getMessage()
                    + "); debug lines go to stderr");
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
        byte[] line = (PREFIX + message + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                out.write(line);
                out.flush();
            } catch (IOException e) {
                // Debug output must never break a connect.
            }
        }
    }
}
