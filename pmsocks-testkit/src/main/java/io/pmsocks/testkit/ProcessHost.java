package io.pmsocks.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A network stack in which the kit can start processes: one of the network namespaces of a {@link Topology}, or
 * the test's own host stack ({@link LocalHost}) for loopback-only work. Whoever provides the place also owns the
 * processes started there and ends them when it is closed.
 */
public interface ProcessHost {

    /** A short name for messages and file names, e.g. the namespace name. */
    String name();

    /** Where captured output and generated files of processes started here are written. */
    Path directory();

    /**
     * Starts a command here with exactly the given environment (not merged with this JVM's), its standard output
     * and error captured to files, its standard input a pipe.
     */
    ChildProcess start(List<String> command, Map<String, String> environment);

    /** Starts a command here with this JVM's environment. */
    default ChildProcess start(List<String> command) {
        return start(command, System.getenv());
    }

    /**
     * Runs a command here to completion and captures what it printed. A command still running after the timeout is
     * killed and reported as a failure with its output so far.
     */
    default CommandResult run(Duration timeout, List<String> command, Map<String, String> environment) {
        try (ChildProcess process = start(command, environment)) {
            return process.awaitResult(timeout);
        }
    }

    /** Runs a command here with this JVM's environment, see {@link #run(Duration, List, Map)}. */
    default CommandResult run(Duration timeout, String... command) {
        return run(timeout, List.of(command), System.getenv());
    }
}
