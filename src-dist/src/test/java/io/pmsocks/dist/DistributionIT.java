package io.pmsocks.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged {@code bin/pmsocks} of the tarball, unpacked to a temporary directory, as a
 * user would, on the Java runtime that runs the build: its layout, --check and --explain.
 */
class DistributionIT {

    private static final Path DISTRIBUTION = UnpackedDistribution.home();
    private static final Path TARBALL = UnpackedDistribution.TARBALL;
    private static final String VERSION = UnpackedDistribution.VERSION;
    private static final Path PMSOCKS = UnpackedDistribution.pmsocks();
    private static final Path SHIPPED = UnpackedDistribution.shippedConfig();

    @TempDir
    Path directory;

    private final Map<String, String> variables = UnpackedDistribution.environment();

    private record Run(int status, String out, String err) {
    }

    private Run run(Path command, String... args) {
        UnpackedDistribution.Run run = UnpackedDistribution.run(directory, variables,
                UnpackedDistribution.command((Object[]) concat(command.toString(), args)));
        return new Run(run.status(), run.out(), run.err());
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private Run pmsocks(String... args) {
        return run(PMSOCKS, args);
    }

    /** The line of the shipped file that starts with {@code keyword}, 1-based. */
    private static int shippedLine(String keyword) throws IOException {
        List<String> lines = Files.readAllLines(SHIPPED);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(keyword + " ")) {
                return i + 1;
            }
        }
        throw new AssertionError("no " + keyword + " rule in " + SHIPPED);
    }

    private static void assertOneLine(String expected, Run run) {
        assertEquals(expected + "\n", run.out(), run.err());
        assertEquals(0, run.status(), run.err());
    }

    @Test
    void theDistributionHoldsBinLibEtcManAndCompletion() throws IOException {
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.OTHERS_EXECUTE), Files.getPosixFilePermissions(PMSOCKS));
        List<String> jars;
        try (Stream<Path> lib = Files.list(DISTRIBUTION.resolve("lib"))) {
            jars = lib.map(jar -> jar.getFileName().toString()).sorted().toList();
        }
        assertTrue(jars.contains("pmsocks-launcher.jar"), jars.toString());
        assertTrue(jars.contains("pmsocks-config.jar"), jars.toString());
        assertTrue(jars.stream().anyMatch(jar -> jar.matches("picocli-[0-9.]+\\.jar")), jars.toString());
        // the launcher writes its debug lines as the agent does: no logging framework
        assertTrue(jars.stream().noneMatch(jar -> jar.startsWith("slf4j")), jars.toString());
        assertTrue(jars.stream().noneMatch(jar -> jar.startsWith("junit")), jars.toString());
        assertTrue(jars.contains("pmsocks-agent.jar"), jars.toString());
        assertTrue(jars.stream().anyMatch(jar -> jar.matches("byte-buddy-agent-[0-9.]+\\.jar")),
                jars.toString());
        assertTrue(jars.stream().noneMatch(jar -> jar.startsWith("picocli-codegen")),
                jars.toString());
        assertEquals(Files.readString(Path.of("../etc/pcp_socks.conf")), Files.readString(SHIPPED));
        for (String file : List.of("man/man1/pmsocks.1", "man/man5/pcp_socks.conf.5",
                "share/bash-completion/completions/pmsocks", "README.md", "LICENSE")) {
            assertTrue(Files.isRegularFile(DISTRIBUTION.resolve(file)), file);
        }
    }

    @Test
    void theDirectoryInTargetIsTheTarballUnpacked() throws IOException {
        Path inTarget = Path.of(System.getProperty("pmsocks.distribution"));
        try (Stream<Path> files = Files.walk(inTarget)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path unpacked = DISTRIBUTION.resolve(inTarget.relativize(file).toString());
                assertEquals(-1L, Files.mismatch(file, unpacked), file.toString());
            }
        }
    }

    @Test
    void theTarballUnpacksToARunnableDistribution() throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(TARBALL), TARBALL.toString());
        Path home = DISTRIBUTION;
        Run version = run(home.resolve("bin/pmsocks"), "--version");
        assertTrue(version.out().startsWith("pmsocks " + VERSION + "\n"), version.out());
        assertEquals(0, version.status(), version.err());
        assertTrue(Files.isRegularFile(home.resolve("etc/pcp_socks.conf")));
    }

    @Test
    void thisHostByNameIsDirectOnTheShippedConfiguration() throws IOException, InterruptedException {
        variables.put("PMSOCKS_CONFIG", SHIPPED.toString());
        String name = InetAddress.getLocalHost().getHostName();
        // Built in before any rule: a name that resolves to loopback (as in many /etc/hosts)
        String why = InetAddress.getByName(name).isLoopbackAddress()
                ? "(loopback)" : "(line " + shippedLine("direct") + ")";
        assertOneLine(name + ":44321 direct " + why, pmsocks("--explain", name));
    }

    @Test
    void anotherAddressGoesThroughSockdOnTheShippedConfiguration()
            throws IOException, InterruptedException {
        variables.put("SOCKS_SERVER", "fw.example");
        Run run = pmsocks("--config", SHIPPED.toString(), "--explain", "192.0.2.1:80");
        assertOneLine("192.0.2.1:80 sockd fw.example:1080 (line " + shippedLine("sockd") + ")", run);
        assertEquals("", run.err());
    }

    @Test
    void checkPrintsTheShippedRules() throws IOException, InterruptedException {
        variables.put("SOCKS_SERVER", "fw.example");
        Run run = pmsocks("--config", SHIPPED.toString(), "--check");
        assertEquals(0, run.status(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(2, lines.size(), run.out());
        assertTrue(lines.get(0).startsWith(SHIPPED + ":" + shippedLine("direct") + ": direct "),
                lines.get(0));
        assertEquals(SHIPPED + ":" + shippedLine("sockd") + ": sockd 0.0.0.0 0.0.0.0", lines.get(1));
    }

    @Test
    void aFileWithAnErrorGivesTheLocatedErrorAndStatusTwo()
            throws IOException, InterruptedException {
        Path config = Files.writeString(directory.resolve("bad.conf"),
                "direct 10.0.0.0 255.0.0.0\ndirect 300.1.1.1 255.255.255.255\n");
        Run run = pmsocks("--config", config.toString(), "--explain", "10.0.0.1");
        assertEquals(2, run.status());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith(config + ":2:8: error: "), run.err());
    }

    @Test
    void aMissingDefaultFileNamesTheShippedOne() throws IOException, InterruptedException {
        assumeFalse(Files.exists(Path.of("/etc/pcp_socks.conf")), "this machine has one");
        Run run = pmsocks("--check");
        assertEquals(2, run.status());
        assertTrue(run.err().contains("'cp " + DISTRIBUTION.toRealPath().resolve("etc/pcp_socks.conf")
                + " /etc/pcp_socks.conf'"), run.err());
    }

    @Test
    void noProgramGivesTheUsageLineAndStatusOne() throws IOException, InterruptedException {
        Run run = pmsocks();
        assertEquals(1, run.status());
        assertEquals("Usage: pmsocks [path]program [args ...]\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void worksThroughASymbolicLink() throws IOException, InterruptedException {
        Path bin = Files.createDirectories(directory.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("pmsocks"), PMSOCKS);
        Path second = Files.createSymbolicLink(directory.resolve("second"), link);
        variables.put("PMSOCKS_CONFIG", SHIPPED.toString());
        try {
            assertOneLine("127.0.0.1:44321 direct (loopback)", run(second, "--explain", "127.0.0.1"));
        } finally {
            // removed here: JUnit warns about links leading out of its temporary directory
            Files.delete(second);
            Files.delete(link);
        }
    }

    @Test
    void socksDebugShowsTheLaunchersSteps() throws IOException, InterruptedException {
        variables.put("SOCKS_DEBUG", "1");
        variables.put("SOCKS_SERVER", "fw.example");
        Run run = pmsocks("--config", SHIPPED.toString(), "--explain", "127.0.0.1");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().startsWith("[pmsocks] configuration " + SHIPPED), run.err());
        assertTrue(run.err().lines().allMatch(line -> line.startsWith("[pmsocks] ")), run.err());
    }
}
