package io.pmsocks.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A firewall made of three network namespaces joined by two veth pairs:
 *
 * <pre>
 *   inside                    firewall                         outside
 *   10.231.1.2/24 [inside0]---[fw-in] 10.231.1.1/24
 *   fd00:231:1::2/64                  fd00:231:1::1/64
 *                                     10.231.2.1/24 [fw-out]---[outside0] 10.231.2.2/24
 *                                     fd00:231:2::1/64                    fd00:231:2::2/64
 * </pre>
 *
 * The inside and outside hosts route {@code 10.231.0.0/16} and {@code fd00:231::/32} through the firewall, but the
 * firewall forwards neither family ({@code net.ipv4.ip_forward=0}, {@code net.ipv6.conf.all.forwarding=0}): the
 * only way from inside to outside is a proxy running in the firewall namespace, such as {@link Dante}. A direct
 * connect from inside to outside is silently dropped by the firewall and times out, as behind a real firewall. No
 * namespace has a default route, so nothing can leave them. The IPv6 addresses are there when the kernel has IPv6
 * ({@link #hasIpv6()}; without it the topology is IPv4 only).
 *
 * <p>{@link Namespace#writeHosts} gives a namespace a hosts file of its own, which only the processes started there
 * afterwards see: a name that resolves on the firewall only.
 *
 * <p>{@link #close()} ends every process started in the namespaces (those the topology started by PID, then any
 * other process still inside them), deletes the namespaces (their veth pairs go with them, and never existed in the
 * host's namespace), checks that {@code ip netns list} no longer shows them, and removes the working folder. A JVM
 * shutdown hook closes a topology that a test forgot, and namespaces left by a JVM that was killed outright are
 * removed the next time a topology is created.
 */
public final class Topology implements AutoCloseable {

    public static final String INSIDE_ADDRESS = "10.231.1.2";
    public static final String FIREWALL_INSIDE_ADDRESS = "10.231.1.1";
    public static final String FIREWALL_OUTSIDE_ADDRESS = "10.231.2.1";
    public static final String OUTSIDE_ADDRESS = "10.231.2.2";
    public static final String INSIDE_ADDRESS6 = "fd00:231:1::2";
    public static final String FIREWALL_INSIDE_ADDRESS6 = "fd00:231:1::1";
    public static final String FIREWALL_OUTSIDE_ADDRESS6 = "fd00:231:2::1";
    public static final String OUTSIDE_ADDRESS6 = "fd00:231:2::2";
    /** On the inside network, but no interface has it: a connect there fails after ARP gives up (about 3 s). */
    public static final String UNASSIGNED_INSIDE_ADDRESS = "10.231.1.200";

    public static final String INSIDE_DEVICE = "inside0";
    public static final String FIREWALL_INSIDE_DEVICE = "fw-in";
    public static final String FIREWALL_OUTSIDE_DEVICE = "fw-out";
    public static final String OUTSIDE_DEVICE = "outside0";

    static final String NAME_PREFIX = "pms-";
    /** pms-PID(base 36)-RANDOM-ROLE; the PID lets a later run recognise namespaces whose creator is gone. */
    private static final Pattern OWN_NAMESPACE = Pattern.compile(
            Pattern.quote(NAME_PREFIX) + "([0-9a-z]+)-([0-9a-z]+)-(in|fw|out)");
    private static final String DIRECTORY_PREFIX = "pmsocks-it-";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final String IPV4_FORWARDING = "/proc/sys/net/ipv4/ip_forward";
    private static final String IPV6_FORWARDING = "/proc/sys/net/ipv6/conf/all/forwarding";

    private final LocalHost host;
    private final Path directory;
    private final Namespace inside;
    private final Namespace firewall;
    private final Namespace outside;
    private final List<ChildProcess> processes = new ArrayList<>();
    private boolean closed;

    private Topology(String id) {
        this.host = LocalHost.createOwned();
        this.directory = TempDirectories.create(DIRECTORY_PREFIX + id + "-");
        this.inside = new Namespace(NAME_PREFIX + id + "-in", this);
        this.firewall = new Namespace(NAME_PREFIX + id + "-fw", this);
        this.outside = new Namespace(NAME_PREFIX + id + "-out", this);
    }

    /** Creates the inside–firewall–outside topology described above. Needs root; see {@link Requirements}. */
    public static Topology create() {
        removeLeftovers();
        String id = Long.toString(ProcessHandle.current().pid(), 36) + "-"
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
        Topology topology = new Topology(id);
        ShutdownCleanup.register(topology);
        try {
            topology.build();
        } catch (RuntimeException e) {
            try {
                topology.close();
            } catch (RuntimeException cleanupFailure) {
                e.addSuppressed(cleanupFailure);
            }
            throw e;
        }
        return topology;
    }

    /** One {@code ip -batch} per namespace: process starts, not the kernel, are what a topology costs. */
    private void build() {
        List<String> hostCommands = new ArrayList<>();
        for (Namespace namespace : namespaces()) {
            hostCommands.add("netns add " + namespace.name());
        }
        // both ends are created directly inside their namespaces, so no interface ever appears on the host
        hostCommands.add("link add " + INSIDE_DEVICE + " netns " + inside.name() + " type veth"
                + " peer name " + FIREWALL_INSIDE_DEVICE + " netns " + firewall.name());
        hostCommands.add("link add " + FIREWALL_OUTSIDE_DEVICE + " netns " + firewall.name() + " type veth"
                + " peer name " + OUTSIDE_DEVICE + " netns " + outside.name());
        ipBatch(List.of(), hostCommands);
        configure(inside, List.of(INSIDE_DEVICE),
                List.of(INSIDE_DEVICE + " " + INSIDE_ADDRESS, INSIDE_DEVICE + " " + INSIDE_ADDRESS6),
                List.of(FIREWALL_INSIDE_ADDRESS, FIREWALL_INSIDE_ADDRESS6));
        configure(firewall, List.of(FIREWALL_INSIDE_DEVICE, FIREWALL_OUTSIDE_DEVICE),
                List.of(FIREWALL_INSIDE_DEVICE + " " + FIREWALL_INSIDE_ADDRESS,
                        FIREWALL_INSIDE_DEVICE + " " + FIREWALL_INSIDE_ADDRESS6,
                        FIREWALL_OUTSIDE_DEVICE + " " + FIREWALL_OUTSIDE_ADDRESS,
                        FIREWALL_OUTSIDE_DEVICE + " " + FIREWALL_OUTSIDE_ADDRESS6), List.of());
        configure(outside, List.of(OUTSIDE_DEVICE),
                List.of(OUTSIDE_DEVICE + " " + OUTSIDE_ADDRESS, OUTSIDE_DEVICE + " " + OUTSIDE_ADDRESS6),
                List.of(FIREWALL_OUTSIDE_ADDRESS, FIREWALL_OUTSIDE_ADDRESS6));
        // a new namespace starts with forwarding off on current kernels, but that default is configurable
        // (net.core.devconf_inherit_init_net): say it explicitly, since the whole topology depends on it
        setForwarding(false);
    }

    /**
     * Brings up {@code lo} and {@code devices}, adds each "DEVICE ADDRESS" (an IPv4 address as a /24, an IPv6 one as
     * a /64, the latter only when the kernel has IPv6), and routes each family's test range through its gateway.
     */
    private void configure(Namespace namespace, List<String> devices, List<String> deviceAddresses,
                           List<String> gateways) {
        List<String> commands = new ArrayList<>();
        for (String deviceAddress : deviceAddresses) {
            String[] parts = deviceAddress.split(" ");
            if (!TestAddresses.isIpv6Literal(parts[1])) {
                commands.add("addr add " + TestAddresses.requireTestPrefix(parts[1] + "/24") + " dev " + parts[0]);
            } else if (hasIpv6()) {
                // nodad: the address is usable at once instead of "tentative" for a second or two
                commands.add("addr add " + TestAddresses.requireTestPrefix6(parts[1] + "/64") + " dev " + parts[0]
                        + " nodad");
            }
        }
        commands.add("link set lo up");
        for (String device : devices) {
            commands.add("link set " + device + " up");
        }
        for (String gateway : gateways) {
            if (!TestAddresses.isIpv6Literal(gateway)) {
                commands.add("route add " + TestAddresses.RANGE + " via "
                        + TestAddresses.requireTestAddress(gateway));
            } else if (hasIpv6()) {
                commands.add("route add " + TestAddresses.RANGE6 + " via "
                        + TestAddresses.requireTestAddress6(gateway));
            }
        }
        ipBatch(List.of("-n", namespace.name()), commands);
    }

    /**
     * Whether the kernel has IPv6 ({@code /proc/sys/net/ipv6} exists), so that the topology has its IPv6
     * addresses. A test that needs them skips with {@link Requirements#assumeIpv6()}.
     */
    public static boolean hasIpv6() {
        return Files.isDirectory(Path.of("/proc/sys/net/ipv6"));
    }

    /** Runs {@code ip [options] -batch FILE}; ip stops at the first failing line and names it. */
    private void ipBatch(List<String> options, List<String> commands) {
        Path batch = directory.resolve("ip-batch-" + (options.isEmpty() ? "host" : options.get(1)));
        try {
            Files.write(batch, commands);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + batch, e);
        }
        List<String> command = new ArrayList<>(List.of(Executables.ip().toString()));
        command.addAll(options);
        command.addAll(List.of("-batch", batch.toString()));
        host.run(COMMAND_TIMEOUT, command, System.getenv()).requireSuccess();
    }

    /** The client side: {@value #INSIDE_ADDRESS} on {@value #INSIDE_DEVICE}. */
    public Namespace inside() {
        return inside;
    }

    /** The firewall: {@value #FIREWALL_INSIDE_ADDRESS} inside, {@value #FIREWALL_OUTSIDE_ADDRESS} outside. */
    public Namespace firewall() {
        return firewall;
    }

    /** The server side: {@value #OUTSIDE_ADDRESS} on {@value #OUTSIDE_DEVICE}. */
    public Namespace outside() {
        return outside;
    }

    public List<Namespace> namespaces() {
        return List.of(inside, firewall, outside);
    }

    /** The working folder: configuration files, logs and captured output of everything started here. */
    public Path directory() {
        return directory;
    }

    /**
     * Adds another address to the firewall's inside leg, e.g. {@code 10.231.1.3} for a second sockd that the inside
     * host reaches directly. Must lie in 10.231.1.0/24.
     */
    public void addFirewallInsideAddress(String address) {
        requireInSubnet(address, "10.231.1.");
        firewall.addAddress(FIREWALL_INSIDE_DEVICE, address + "/24");
    }

    /** Adds another address to the outside host, e.g. {@code 10.231.2.3}. Must lie in 10.231.2.0/24. */
    public void addOutsideAddress(String address) {
        requireInSubnet(address, "10.231.2.");
        outside.addAddress(OUTSIDE_DEVICE, address + "/24");
    }

    /**
     * Turns forwarding in the firewall on or off, IPv4 and IPv6 alike. Off is the normal state; a test may turn it
     * on for a moment to show that it is the only thing stopping a direct connect.
     */
    public void setForwarding(boolean enabled) {
        String value = enabled ? "1" : "0";
        String script = "echo " + value + " > " + IPV4_FORWARDING
                + (hasIpv6() ? " && echo " + value + " > " + IPV6_FORWARDING : "");
        firewall.run(COMMAND_TIMEOUT, List.of("/bin/sh", "-c", script), System.getenv()).requireSuccess();
    }

    /** Whether the firewall forwards IPv4 or IPv6 packets, read from inside its namespace. */
    public boolean isForwarding() {
        List<String> command = new ArrayList<>(List.of("/bin/cat", IPV4_FORWARDING));
        if (hasIpv6()) {
            command.add(IPV6_FORWARDING);
        }
        return firewall.run(COMMAND_TIMEOUT, command, System.getenv()).requireSuccess()
                .stdoutLines().stream().anyMatch(line -> line.strip().equals("1"));
    }

    /** Whether {@code ip netns list} still shows any of this topology's namespaces. */
    public boolean anyNamespaceListed() {
        // a host of its own: this is asked after close too, when the topology's host is gone
        try (LocalHost asking = LocalHost.createOwned()) {
            List<String> listed = listedNamespaces(asking);
            return namespaces().stream().anyMatch(namespace -> listed.contains(namespace.name()));
        }
    }

    synchronized void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this topology is closed");
        }
    }

    synchronized ChildProcess track(ChildProcess process) {
        if (closed) {
            process.kill();
            throw new IllegalStateException("this topology is closed");
        }
        processes.add(process);
        return process;
    }

    LocalHost host() {
        return host;
    }

    /**
     * Ends every process in the namespaces, deletes the namespaces and the working folder, and fails if
     * {@code ip netns list} still shows a namespace afterwards. Safe to call more than once.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (ChildProcess process : processes) {
                process.kill();
            }
            for (Namespace namespace : namespaces()) {
                killRemainingProcesses(host, namespace.name());
                host.run(COMMAND_TIMEOUT, Executables.ip().toString(), "netns", "del", namespace.name());
                Namespace.removeEtcFolder(namespace.name());
            }
            if (anyNamespaceListed()) {
                throw new IllegalStateException("namespaces still listed after close: " + listedNamespaces(host));
            }
        } finally {
            host.close();
            TempDirectories.deleteRecursively(directory);
            ShutdownCleanup.unregister(this);
        }
    }

    @Override
    public String toString() {
        return "Topology[" + inside.name() + ", " + firewall.name() + ", " + outside.name() + "]";
    }

    private static void requireInSubnet(String address, String subnetPrefix) {
        TestAddresses.requireTestAddress(address);
        if (!address.startsWith(subnetPrefix)) {
            throw new IllegalArgumentException("'" + address + "' is not in " + subnetPrefix + "0/24");
        }
    }

    /** Processes in a namespace that the topology did not start itself, e.g. the children of a server. */
    private static void killRemainingProcesses(LocalHost host, String namespace) {
        CommandResult result = host.run(COMMAND_TIMEOUT, Executables.ip().toString(), "netns", "pids", namespace);
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        List<ProcessHandle> remaining = result.stdoutLines().stream()
                .map(String::strip)
                .filter(line -> line.matches("\\d+"))
                .map(Long::valueOf)
                .flatMap(pid -> ProcessHandle.of(pid).stream())
                .toList();
        remaining.forEach(ProcessHandle::destroy);
        remaining.forEach(process -> ChildProcess.awaitEnd(process, deadline));
    }

    /** The names {@code ip netns list} shows now: every named network namespace on this machine. */
    public static List<String> listedNamespaces() {
        try (LocalHost asking = LocalHost.createOwned()) {
            return listedNamespaces(asking);
        }
    }

    private static List<String> listedNamespaces(LocalHost host) {
        // "NAME" or "NAME (id: N)"
        return host.run(COMMAND_TIMEOUT, Executables.ip().toString(), "netns", "list").requireSuccess()
                .stdoutLines().stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .map(line -> line.split("\\s+")[0])
                .toList();
    }

    /**
     * Removes the namespaces and folders of earlier test JVMs that died without closing their topology (killed
     * with SIGKILL, say), recognised by the creator PID in their names. Anything whose creator still runs is left
     * alone, so parallel test JVMs do not disturb each other.
     */
    private static void removeLeftovers() {
        try (LocalHost host = LocalHost.createOwned()) {
            for (String name : listedNamespaces(host)) {
                Matcher m = OWN_NAMESPACE.matcher(name);
                if (m.matches() && isGone(m.group(1))) {
                    killRemainingProcesses(host, name);
                    host.run(COMMAND_TIMEOUT, Executables.ip().toString(), "netns", "del", name);
                }
            }
        }
        removeLeftoverEtcFolders();
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        Pattern ownFolder = Pattern.compile("(?:" + Pattern.quote(DIRECTORY_PREFIX) + "|"
                + Pattern.quote(LocalHost.FOLDER_PREFIX) + ")([0-9a-z]+)-.*");
        try (Stream<Path> folders = Files.list(temp)) {
            for (Path folder : folders.toList()) {
                Matcher m = ownFolder.matcher(folder.getFileName().toString());
                if (m.matches() && isGone(m.group(1)) && Files.isDirectory(folder)) {
                    try {
                        TempDirectories.deleteRecursively(folder);
                    } catch (UncheckedIOException e) {
                        // best effort: another test JVM may be removing the same leftover right now
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + temp, e);
        }
    }

    /** The /etc/netns/NAME folders of namespaces whose creator is gone (their namespace may be gone already). */
    private static void removeLeftoverEtcFolders() {
        if (!Files.isDirectory(Namespace.ETC_NETNS)) {
            return;
        }
        try (Stream<Path> folders = Files.list(Namespace.ETC_NETNS)) {
            for (Path folder : folders.toList()) {
                Matcher m = OWN_NAMESPACE.matcher(folder.getFileName().toString());
                if (m.matches() && isGone(m.group(1))) {
                    Namespace.removeEtcFolder(folder.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + Namespace.ETC_NETNS, e);
        }
    }

    private static boolean isGone(String pidBase36) {
        long pid = Long.parseLong(pidBase36, 36);
        // a creator killed a moment ago may still be a zombie, which counts as gone
        return pid != ProcessHandle.current().pid() && !ChildProcess.isRunning(pid);
    }
}
