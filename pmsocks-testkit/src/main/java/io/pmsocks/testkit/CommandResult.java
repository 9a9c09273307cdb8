package io.pmsocks.testkit;

import java.util.List;
import java.util.Objects;

/**
 * What a finished command left behind: its exit status and everything it printed.
 *
 * @param command  the command as started (after any {@code ip netns exec} prefix)
 * @param exitCode the process exit status (128+N when a signal N ended it)
 * @param stdout   everything written to standard output, decoded as UTF-8
 * @param stderr   everything written to standard error, decoded as UTF-8
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    public CommandResult {
        command = List.copyOf(command);
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    /** Standard output split into lines, without line terminators. */
    public List<String> stdoutLines() {
        return stdout.lines().toList();
    }

    /** Standard error split into lines, without line terminators. */
    public List<String> stderrLines() {
        return stderr.lines().toList();
    }

    /**
     * Returns this result when the command exited with status 0; otherwise fails with everything the command
     * printed, so that a broken set-up step explains itself in the test report.
     */
    public CommandResult requireSuccess() {
        if (exitCode != 0) {
            throw new IllegalStateException(describe("exited with status " + exitCode));
        }
        return this;
    }

    /** A multi-line description naming the command, what happened, and its output. */
    public String describe(String whatHappened) {
        return String.join(" ", command) + " " + whatHappened
                + "\n--- stdout ---\n" + stdout
                + "\n--- stderr ---\n" + stderr;
    }
}
