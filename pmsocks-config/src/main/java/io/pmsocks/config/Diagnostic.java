package io.pmsocks.config;

import java.util.List;
import java.util.Objects;

/**
 * One problem found in a configuration, located the way compilers locate them so that editors
 * and users can jump to it: {@code /etc/pcp_socks.conf:3:8: error: unknown operator 'eqq'}.
 *
 * @param source the file as the user named it (or a variable name such as {@code SOCKS_PORT})
 * @param line 1-based line, or 0 when the problem is not on a line (the file is missing)
 * @param column 1-based column, or 0 when the whole line or file is meant
 */
public record Diagnostic(String source, int line, int column, Severity severity, String message) {

    public enum Severity {
        ERROR("error"),
        WARNING("warning");

        private final String label;

        Severity(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Diagnostic {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("negative position " + line + ":" + column);
        }
    }

    public static Diagnostic error(String source, int line, int column, String message) {
        return new Diagnostic(source, line, column, Severity.ERROR, message);
    }

    public static Diagnostic warning(String source, int line, int column, String message) {
        return new Diagnostic(source, line, column, Severity.WARNING, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * Whether any of {@code diagnostics} is an error. A loop, not a stream: this runs at every
     * start of the agent, where each lambda and stream pipeline costs start-up time.
     */
    public static boolean anyError(List<Diagnostic> diagnostics) {
        for (Diagnostic diagnostic : diagnostics) {
            if (diagnostic.isError()) {
                return true;
            }
        }
        return false;
    }

    /** {@code file:line:col: error: message}; position parts that are 0 are left out. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(source);
        if (line > 0) {
            text.append(':').append(line);
            if (column > 0) {
                text.append(':').append(column);
            }
        }
        return text.append(": ").append(severity.label()).append(": ").append(message).toString();
    }
}
