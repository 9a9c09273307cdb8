package io.pmsocks.launcher;

/**
 * The program cannot be run: not found ({@link ExitStatus#NOT_FOUND}) or not executable
 * ({@link ExitStatus#NOT_EXECUTABLE}), as a shell would say with the same statuses.
 */
public final class ProgramNotRunnable extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    ProgramNotRunnable(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The exit status of {@code pmsocks}. */
    public int status() {
        return status;
    }
}
