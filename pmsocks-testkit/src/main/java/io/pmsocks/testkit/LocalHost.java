package io.pmsocks.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The test's own network stack, for processes that only need loopback, such as a fake SOCKS server on
 * {@code 127.0.0.1} (the product connects to a sockd on loopback like to any other). Processes started here are
 * ended, and the working folder removed, by {@link #close()}.
 */
public final class LocalHost implements ProcessHost, AutoCloseable {

    /** pmsocks-local-PID(base 36)-..., so that a later run can remove the folder of a JVM that was killed. */
    static final String FOLDER_PREFIX = "pmsocks-local-";

    private final Path directory;
    private final List<ChildProcess> processes = new ArrayList<>();
    private boolean closed;

    private LocalHost(Path directory) {
        this.directory = directory;
    }

    public static LocalHost create() {
        LocalHost host = createOwned();
        ShutdownCleanup.register(host);
        return host;
    }

    /** A LocalHost that its owner closes as part of its own close, so the shutdown hook must not close it first. */
    static LocalHost createOwned() {
        return new LocalHost(TempDirectories.create(
                FOLDER_PREFIX + Long.toString(ProcessHandle.current().pid(), 36) + "-"));
    }

    @Override
    public String name() {
        return "localhost";
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public synchronized ChildProcess start(List<String> command, Map<String, String> environment) {
        if (closed) {
            throw new IllegalStateException("this LocalHost is closed");
        }
        String label = Path.of(command.get(0)).getFileName().toString();
        ChildProcess process = ChildProcess.start(command, environment, directory, label);
        processes.add(process);
        return process;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ChildProcess process : processes) {
            process.kill();
        }
        TempDirectories.deleteRecursively(directory);
        ShutdownCleanup.unregister(this);
    }

    @Override
    public String toString() {
        return "LocalHost[" + directory + "]";
    }
}
