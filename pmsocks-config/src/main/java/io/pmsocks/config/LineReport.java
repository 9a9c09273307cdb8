package io.pmsocks.config;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The problems of one configuration line, added to the file's list as they are found, and
 * whether the line had an error (then it gives no rule). Shared by the parts of
 * {@link ConfigParser} that read the fields of a line.
 */
final class LineReport {

    private static final String GLUED_COMMAND_HINT =
            "; a blank must come before the ':' that starts a shell command";

    /** Ends the parse of a line whose error has been reported; not a failure of the parser. */
    static final class LineAbandoned extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LineAbandoned() {
            super(null, null, false, false);
        }
    }

    private final String source;
    private final int line;
    private final List<Diagnostic> diagnostics;
    private boolean failed;

    LineReport(String source, int line, List<Diagnostic> diagnostics) {
        this.source = Objects.requireNonNull(source, "source");
        this.line = line;
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
    }

    String source() {
        return source;
    }

    int line() {
        return line;
    }

    boolean failed() {
        return failed;
    }

    void error(int column, String message) {
        failed = true;
        diagnostics.add(Diagnostic.error(source, line, column, message));
    }

    void warning(int column, String message) {
        diagnostics.add(Diagnostic.warning(source, line, column, message));
    }

    /** Reports an error after which the rest of the line cannot be judged. */
    LineAbandoned abandon(int column, String message) {
        error(column, message);
        return new LineAbandoned();
    }

    /**
     * For a field that failed to parse because a {@code :} was glued to it: if what comes
     * before the {@code :} would have been fine, say that a blank was missing.
     */
    static String gluedCommandHint(String text, Predicate<String> valid) {
        int colon = text.indexOf(':');
        return colon > 0 && valid.test(text.substring(0, colon)) ? GLUED_COMMAND_HINT : "";
    }
}
