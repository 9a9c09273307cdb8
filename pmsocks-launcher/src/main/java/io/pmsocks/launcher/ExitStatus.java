package io.pmsocks.launcher;

/**
 * The exit statuses of {@code pmsocks} (SPEC §5), besides the program's own. They are part of
 * the command's contract: {@code --help} and the manual page list them.
 */
public final class ExitStatus {

    /** Done: {@code --check} found no error, {@code --explain} answered, help or version shown. */
    public static final int OK = 0;
    /** The command line is wrong, or names no program. */
    public static final int USAGE = 1;
    /** The configuration (file or environment variables) is missing or invalid. */
    public static final int CONFIG = 2;
    /**
     * {@code --probe} did not connect, or {@code --attach} could not load the Java agent into
     * the process.
     */
    public static final int FAILED = 3;
    /** The program exists but cannot be executed. */
    public static final int NOT_EXECUTABLE = 126;
    /** The program (or the Java runtime pmsocks itself needs) was not found. */
    public static final int NOT_FOUND = 127;

    private ExitStatus() {
    }
}
