package io.pmsocks.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A process the kit started, identified by its PID. Its standard output and error go to files rather than pipes, so
 * that a chatty process can never block on a full pipe that nobody reads, and so that the output is still there to
 * quote after the process is gone.
 */
public final class ChildProcess implements AutoCloseable {

    /** How long a process gets to end after SIGTERM before it is killed with SIGKILL. */
    private static final Duration TERMINATION_GRACE = Duration.ofSeconds(2);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(10);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final List<String> command;
    private final Process process;
    private final Path stdoutFile;
    private final Path stderrFile;

    private ChildProcess(List<String> command, Process process, Path stdoutFile, Path stderrFile) {
        this.command = command;
        this.process = process;
        this.stdoutFile = stdoutFile;
        this.stderrFile = stderrFile;
    }

    /**
     * Starts {@code command} with exactly {@code environment}, writing its output to two files in {@code directory}
     * named after {@code label}.
     */
    public static ChildProcess start(List<String> command, Map<String, String> environment, Path directory,
                                     String label) {
        List<String> commandCopy = List.copyOf(command);
        Objects.requireNonNull(environment, "environment");
        String fileStem = SEQUENCE.incrementAndGet() + "-" + label.replaceAll("[^A-Za-z0-9._-]", "_");
        Path stdoutFile = directory.resolve(fileStem + ".stdout");
        Path stderrFile = directory.resolve(fileStem + ".stderr");
        ProcessBuilder builder = new ProcessBuilder(commandCopy)
                .redirectOutput(stdoutFile.toFile())
                .redirectError(stderrFile.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            return new ChildProcess(commandCopy, builder.start(), stdoutFile, stderrFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", commandCopy), e);
        }
    }

    public List<String> command() {
        return command;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The process's standard input; close it to send end-of-file. */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /** Everything written to standard output so far. */
    public String stdout() {
        return read(stdoutFile);
    }

    /** Everything written to standard error so far. */
    public String stderr() {
        return read(stderrFile);
    }

    /** Complete lines written to standard output so far (a last line without its terminator is left out). */
    public List<String> stdoutLines() {
        return completeLines(stdout());
    }

    public Path stdoutFile() {
        return stdoutFile;
    }

    public Path stderrFile() {
        return stderrFile;
    }

    /**
     * Waits until standard output holds a complete line that {@code wanted} accepts and returns it. Fails, quoting
     * the output, when the process ends first or the timeout passes.
     */
    public String awaitStdoutLine(Predicate<String> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            // check liveness before reading, so that a line written just before exit is still seen
            boolean alive = process.isAlive();
            for (String line : stdoutLines()) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (!alive) {
                throw new IllegalStateException(describe("ended with status " + process.exitValue()
                        + " before printing the expected line"));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(describe("did not print the expected line within " + timeout));
            }
            sleep(POLL_INTERVAL);
        }
    }

    /** Waits for the process to end and returns its exit status; fails if it is still running after the timeout. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException(describe("still running after " + timeout));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + String.join(" ", command), e);
        }
        return process.exitValue();
    }

    /**
     * Waits for the process to end and returns what it printed. A process still running after the timeout is killed
     * and the failure quotes its output so far.
     */
    public CommandResult awaitResult(Duration timeout) {
        try {
            awaitExit(timeout);
        } catch (IllegalStateException stillRunning) {
            kill();
            throw stillRunning;
        }
        return new CommandResult(command, process.exitValue(), stdout(), stderr());
    }

    /**
     * Ends the process and every process it started: SIGTERM first so that servers such as danted can shut down
     * their own children, SIGKILL for whatever is still alive after a grace period. Safe to call more than once.
     */
    public void kill() {
        // collect the descendants first: once the parent is gone they are re-parented and no longer found from it
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TERMINATION_GRACE.toNanos();
        awaitEnd(process.toHandle(), deadline);
        for (ProcessHandle descendant : descendants) {
            awaitEnd(descendant, deadline);
        }
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the pipe is already broken because the process is gone; nothing is lost
        }
    }

    @Override
    public void close() {
        kill();
    }

    /** A multi-line description naming the command, what happened, and its output so far. */
    public String describe(String whatHappened) {
        return "process " + pid() + " (" + String.join(" ", command) + ") " + whatHappened
                + "\n--- stdout ---\n" + stdout()
                + "\n--- stderr ---\n" + stderr();
    }

    @Override
    public String toString() {
        return "ChildProcess[" + pid() + " " + String.join(" ", command) + "]";
    }

    /**
     * Waits until {@code deadline} (a {@link System#nanoTime()} value) for a process to end, then kills it and waits
     * for the kill to take effect, so that a caller may check right after that the PID is gone.
     */
    static void awaitEnd(ProcessHandle handle, long deadline) {
        if (!awaitExit(handle, Math.max(0, deadline - System.nanoTime()))) {
            handle.destroyForcibly();
            awaitExit(handle, TERMINATION_GRACE.toNanos());
        }
    }

    /** Polls rather than using {@code onExit()}: a killed process that is not our child may linger as a zombie. */
    private static boolean awaitExit(ProcessHandle handle, long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (isRunning(handle.pid())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(POLL_INTERVAL);
        }
        return true;
    }

    /**
     * Whether process {@code pid} exists and has not ended. A zombie (ended, not yet reaped by its parent) counts as
     * ended, which {@link ProcessHandle#isAlive()} does not see for a process that is not this JVM's child.
     */
    public static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "PID (COMMAND) STATE ..."; COMMAND may contain spaces and parentheses, so look after the last ')'
            String afterCommand = stat.substring(stat.lastIndexOf(')') + 1).strip();
            return !afterCommand.startsWith("Z") && !afterCommand.startsWith("X");
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    static List<String> completeLines(String text) {
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : text.substring(0, end).lines().toList();
    }

    private static String read(Path file) {
        try {
            // lenient decoding: a half-written multi-byte character must not make the output unreadable
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
