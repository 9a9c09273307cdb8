package io.pmsocks.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Skips a test, with a message saying what is missing, on a machine that cannot run it: network namespaces need
 * root (CAP_SYS_ADMIN and CAP_NET_ADMIN) and iproute2; the sockd tests also need Dante; the pmcd tests need PCP.
 *
 * <p>Where skipping would hide a broken set-up, as in CI, set the environment variable
 * {@value #REQUIRE_VARIABLE} (or the system property {@value #REQUIRE_PROPERTY}) to {@code true}: every unmet
 * requirement then fails the test instead.
 */
public final class Requirements {

    public static final String REQUIRE_VARIABLE = "PMSOCKS_IT_REQUIRE_NETNS";
    public static final String REQUIRE_PROPERTY = "pmsocks.it.requireNetns";

    /** The answer of the one probe per JVM that really creates a namespace: empty when it worked. */
    private static Optional<String> namespaceProblem;

    private Requirements() {
    }

    /** Requires root, iproute2, and a kernel that lets this process create network namespaces. */
    public static void assumeNetworkNamespaces() {
        require(namespaceProblem());
    }

    /** Requires everything {@link #assumeNetworkNamespaces()} does, plus Dante's {@code danted}. */
    public static void assumeDante() {
        assumeNetworkNamespaces();
        require(Executables.find("danted").isPresent()
                ? Optional.empty()
                : Optional.of("Dante's server 'danted' is not installed (Debian package dante-server)"));
    }

    /** Namespaces, Dante and a DNS server (dnsmasq) for the SOCKS_NS tests. */
    public static void assumeDanteAndNameServer() {
        assumeDante();
        require(Executables.find("dnsmasq").isPresent()
                ? Optional.empty()
                : Optional.of("the DNS server 'dnsmasq' is not installed (Debian package dnsmasq-base)"));
    }

    /** Namespaces and microsocks, the SOCKS5-only server. */
    public static void assumeMicrosocks() {
        assumeNetworkNamespaces();
        require(program("microsocks", "microsocks"));
    }

    /** Namespaces and tinyproxy, the HTTP proxy. */
    public static void assumeTinyproxy() {
        assumeNetworkNamespaces();
        require(program("tinyproxy", "tinyproxy"));
    }

    /**
     * A kernel with IPv6, so that the topology has its IPv6 addresses: the one requirement that
     * {@value #REQUIRE_VARIABLE} does not turn into a failure, since it is the machine's kernel, not a package, that
     * lacks it; the skip message says so.
     */
    public static void assumeIpv6() {
        assumeTrue(Topology.hasIpv6(), "skipped: the kernel has no IPv6 (/proc/sys/net/ipv6 is missing), which"
                + " this test needs for the topology's IPv6 addresses");
    }

    /**
     * Requires a pmcd that {@link Pmcd} can start (PCP with its Linux PMDA) and pminfo to compare with. Needs
     * neither root nor namespaces: a pmcd on loopback works anywhere.
     */
    public static void assumePmcd() {
        require(Pmcd.whyUnavailable().or(Pminfo::whyUnavailable));
    }

    /**
     * Fails, never skips, when {@code program} is not installed: for a test that, once it can run at all (as root),
     * must not pass by skipping a part whose package is merely missing ({@code .ci/install-packages} installs it).
     */
    public static void requireProgram(String program, String debianPackage) {
        Executables.find(program).orElseThrow(() -> new AssertionError("'" + program
                + "' is not installed (Debian package " + debianPackage + "; sudo .ci/install-packages installs it)"));
    }

    /** Fails, never skips, when {@link Pmcd} cannot start a pmcd or pminfo is missing; see {@link #requireProgram}. */
    public static void requirePmcd() {
        Pmcd.whyUnavailable().or(Pminfo::whyUnavailable).ifPresent(problem -> {
            throw new AssertionError(problem + " (sudo .ci/install-packages installs it)");
        });
    }

    private static Optional<String> program(String program, String debianPackage) {
        return Executables.find(program).isPresent()
                ? Optional.empty()
                : Optional.of("'" + program + "' is not installed (Debian package " + debianPackage + ")");
    }

    private static void require(Optional<String> problem) {
        if (problem.isEmpty()) {
            return;
        }
        String message = "skipped: " + problem.get();
        if (Boolean.parseBoolean(System.getenv(REQUIRE_VARIABLE))
                || Boolean.getBoolean(REQUIRE_PROPERTY)) {
            fail(problem.get() + " (and " + REQUIRE_VARIABLE + " says this test must run)");
        }
        assumeTrue(false, message);
    }

    private static synchronized Optional<String> namespaceProblem() {
        if (namespaceProblem == null) {
            namespaceProblem = probeNamespaces();
        }
        return namespaceProblem;
    }

    private static Optional<String> probeNamespaces() {
        if (!isRoot()) {
            return Optional.of("network namespace tests need root (they run 'ip netns add'); effective uid is not 0");
        }
        Optional<Path> ip = Executables.find("ip");
        if (ip.isEmpty()) {
            return Optional.of("the 'ip' program (iproute2) is not installed");
        }
        // root inside an unprivileged container may still be refused: try it once for real
        String probe = Topology.NAME_PREFIX + Long.toString(ProcessHandle.current().pid(), 36) + "-probe";
        Duration timeout = Duration.ofSeconds(10);
        try (LocalHost host = LocalHost.create()) {
            CommandResult added = host.run(timeout, ip.get().toString(), "netns", "add", probe);
            if (added.exitCode() != 0) {
                return Optional.of("'ip netns add' failed: " + added.stderr().strip());
            }
            host.run(timeout, ip.get().toString(), "netns", "del", probe).requireSuccess();
        }
        return Optional.empty();
    }

    /** Whether this JVM's effective uid is 0. */
    static boolean isRoot() {
        try {
            // "Uid:	real	effective	saved	filesystem"
            List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
            return status.stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .map(line -> line.substring(4).trim().split("\\s+")[1])
                    .anyMatch("0"::equals);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/status to learn the effective uid", e);
        }
    }
}
