package io.pmsocks.launcher;

import io.pmsocks.config.DebugLines;
import io.pmsocks.config.Settings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * The launcher's debug lines (SOCKS_DEBUG): on stderr, or appended to the file SOCKS_DEBUG
 * names, in the same format and opened the same way as the Java agent's ({@link DebugLines}),
 * so that one file holds the launcher's and the agent's lines of every run, in order.
 */
final class DebugOutput {

    static final DebugOutput OFF = new DebugOutput(null, null);

    private final PrintWriter err;
    private final OutputStream file;

    private DebugOutput(PrintWriter err, OutputStream file) {
        this.err = err;
        this.file = file;
    }

    /**
     * Debug lines as {@code debug} says; a file that cannot be opened (or is a symbolic link)
     * is said so on {@code err}, and the lines go there instead.
     */
    static DebugOutput open(Settings.Debug debug, PrintWriter err) {
        if (!debug.enabled()) {
            return OFF;
        }
        if (debug.file() != null) {
            try {
                return new DebugOutput(null, DebugLines.openFile(debug.file()));
            } catch (IOException e) {
                err.println("pmsocks: cannot append debug lines to " + debug.file() + " ("
                        + e.getMessage() + "); they go to stderr");
            }
        }
        return new DebugOutput(err, null);
    }

    boolean enabled() {
        return err != null || file != null;
    }

    void debug(String message) {
        if (err != null) {
            err.print(DebugLines.PREFIX + message + System.lineSeparator());
            err.flush();
        } else if (file != null) {
            try {
                file.write(DebugLines.line(message));
            } catch (IOException e) {
                // debug output must never change what the command does
            }
        }
    }
}
