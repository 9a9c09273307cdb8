package io.pmsocks.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One network namespace of a {@link Topology}. Commands started here run through {@code ip netns exec}, which
 * replaces itself with the command, so the PID of the returned process is the PID of the command itself.
 */
public final class Namespace implements ProcessHost {

    private static final Duration IP_TIMEOUT = Duration.ofSeconds(10);
    /** {@code ip netns exec NAME} bind-mounts each file of {@code /etc/netns/NAME/} over the same one in /etc. */
    static final Path ETC_NETNS = Path.of("/etc/netns");

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

    /**
     * Gives this namespace a hosts file of its own ({@code /etc/netns/NAME/hosts}, which {@code ip netns exec}
     * mounts over {@code /etc/hosts} for what it starts): {@code localhost} plus each name with its test address.
     * Only processes started here afterwards see it; every other namespace and the host keep their
     * {@code /etc/hosts}, so such a name resolves here only. Use names under {@code .test} (RFC 2606). The topology
     * removes the folder when it closes. Replaces the file written before, if any.
     */
    public void writeHosts(Map<String, String> namesToAddresses) {
        owner.requireOpen();
        StringBuilder hosts = new StringBuilder("# written by pmsocks-testkit for ").append(name).append('\n')
                .append("127.0.0.1\tlocalhost\n::1\tlocalhost\n");
        for (Map.Entry<String, String> entry : new TreeMap<>(namesToAddresses).entrySet()) {
            if (!entry.getKey().matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
                throw new IllegalArgumentException("not a host name: '" + entry.getKey() + "'");
            }
            hosts.append(TestAddresses.requireAnyTestAddress(entry.getValue())).append('\t')
                    .append(entry.getKey()).append('\n');
        }
        Path folder = ETC_NETNS.resolve(name);
        Path file = folder.resolve("hosts");
        try {
            Files.createDirectories(folder);
            Files.writeString(file, hosts);
            // Dante's and tinyproxy's children resolve as nobody
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Removes {@code /etc/netns/NAME} (a namespace's own /etc files), if there is one. */
    static void removeEtcFolder(String namespaceName) {
        Path folder = ETC_NETNS.resolve(namespaceName);
        if (Files.isDirectory(folder)) {
            TempDirectories.deleteRecursively(folder);
        }
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
