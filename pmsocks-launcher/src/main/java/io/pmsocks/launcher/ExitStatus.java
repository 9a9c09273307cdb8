package io.pmsocks.launcher;

/**
 * The exit statuses of {@code pmsocks} (SPEC §5), besides the program's own: one status for
 * each kind of failure, so that a script can tell them apart. They are part of the command's
 * contract: {@code --help} and the manual page list them from these constants, and
 * {@code bin/pmsocks}, which cannot read them, uses the same numbers (the distribution's tests
 * check that it does).
 */
public final class ExitStatus {

    /** Done: {@code --check} found no error, {@code --explain} answered, help or version shown. */
    public static final int OK = 0;
    /** The command line is wrong, or names no program. */
    public static final int USAGE = 1;
    /** The configuration (file or environment variables) is missing or invalid. */
    public static final int CONFIG = 2;
    /** {@code --probe} did not connect. */
    public static final int PROBE_FAILED = 3;
    /** {@code --attach} could not load the Java agent into the process. */
    public static final int ATTACH_FAILED = 4;
    /**
     * No Java runtime that can run pmsocks: none found for pmsocks itself, or one older than
     * Java 17 (pmsocks' own or the program's), or the program's runtime lacks the
     * {@code java.instrument} module that the Java agent needs.
     */
    public static final int JAVA_RUNTIME = 5;
    /**
     * The installation is broken: {@code lib/} lacks a jar, {@code bin/} and {@code lib/} are
     * from different versions, or the launcher was not started by {@code bin/pmsocks}.
     */
    public static final int INSTALLATION = 6;
    /** A failure of pmsocks itself (a bug): one {@code pmsocks:} line says what happened. */
    public static final int INTERNAL = 70;
    /** The program exists but cannot be executed. */
    public static final int NOT_EXECUTABLE = 126;
    /** The program was not found. */
    public static final int NOT_FOUND = 127;

    private ExitStatus() {
    }
}
