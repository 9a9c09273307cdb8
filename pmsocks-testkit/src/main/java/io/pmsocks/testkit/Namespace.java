package io.pmsocks.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One network namespace of a {@link Topology}. Commands started here run through {@code ip netns exec}, which
 * replaces itself with the command, so the PID of the returned process is the PID of the command itself.
 */
public final class Namespace implements ProcessHost {

    private static final Duration IP_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final Topology owner;

    Namespace(String name, Topology owner) {
        this.name = Objects.requireNonNull(name, "name");
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /** The name under which {@code ip netns list} shows this namespace. */
    @Override
    public String name() {
        return name;
    }

    /** The topology's working folder. */
    @Override
    public Path directory() {
        return owner.directory();
    }

    /** Prefixes {@code command} so that it runs in this namespace. */
    public List<String> inNamespace(List<String> command) {
        List<String> prefixed = new ArrayList<>(List.of(Executables.ip().toString(), "netns", "exec", name));
        prefixed.addAll(command);
        return prefixed;
    }

    /**
     * Starts {@code command} in this namespace. The topology remembers the process and ends it on close.
     */
    @Override
    public ChildProcess start(List<String> command, Map<String, String> environment) {
        owner.requireOpen();
        String label = name + "-" + Path.of(command.get(0)).getFileName();
        return owner.track(ChildProcess.start(inNamespace(command), environment, directory(), label));
    }

    /** Runs {@code ip -n NAME ARGS...} and fails, quoting its stderr, unless it succeeds. */
    public CommandResult ip(String... arguments) {
        List<String> command = new ArrayList<>(List.of(Executables.ip().toString(), "-n", name));
        command.addAll(List.of(arguments));
        return owner.host().run(IP_TIMEOUT, command, System.getenv()).requireSuccess();
    }

    /** Adds {@code cidr} (for example {@code 10.231.1.3/24}) to {@code device}; only the test range is accepted. */
    public void addAddress(String device, String cidr) {
        ip("addr", "add", TestAddresses.requireTestPrefix(cidr), "dev", device);
    }

    /** The PIDs of every process whose network namespace this is, whoever started them. */
    public List<Long> pids() {
        CommandResult result = owner.host().run(IP_TIMEOUT, Executables.ip().toString(), "netns", "pids", name);
        if (result.exitCode() != 0) {
            return List.of();
        }
        return result.stdoutLines().stream().map(String::strip).filter(s -> !s.isEmpty()).map(Long::valueOf).toList();
    }

    @Override
    public String toString() {
        return "Namespace[" + name + "]";
    }
}
