package io.pmsocks.dist;

import static io.pmsocks.dist.UnpackedDistribution.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.dist.UnpackedDistribution.Run;
import io.pmsocks.launcher.ExitStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code bin/pmsocks} checks before it starts a JVM, and what it keeps from pmsocks' own
 * JVMs: each failure is one {@code pmsocks:} line and the status that ExitStatus documents.
 */
class ScriptGuardsIT {

    private static final Path HOME = UnpackedDistribution.home();
    private static final Path PMSOCKS = UnpackedDistribution.pmsocks();

    @TempDir
    Path directory;

    private final Map<String, String> variables = UnpackedDistribution.environment();

    private Run run(Object... command) {
        return UnpackedDistribution.run(directory, variables, command(command));
    }

    /** A copy of the distribution in the test's directory (to break it). */
    private Path copyOfTheDistribution() throws IOException {
        Path copy = directory.resolve("copy");
        Run cp = run("cp", "-a", HOME, copy);
        assertEquals(0, cp.status(), cp.describe());
        return copy;
    }

    @Test
    void aRelativeCallFindsItsOwnDirectoryWhateverCdpathSays() throws IOException {
        // cd would look for "pmsocks/bin/.." in CDPATH first: there is a decoy of that name
        Files.createSymbolicLink(directory.resolve("pmsocks"), HOME);
        Path decoys = Files.createDirectories(directory.resolve("decoys/pmsocks/bin")).getParent()
                .getParent();
        variables.put("CDPATH", decoys.toString());
        Run run = run("pmsocks/bin/pmsocks", "--version");
        assertEquals(0, run.status(), run.describe());
        assertTrue(run.out().startsWith("pmsocks " + UnpackedDistribution.VERSION + "\n"),
                run.describe());
    }

    @Test
    void eachJarMissingFromLibIsNamedWithTheInstallationStatus() throws IOException {
        Path copy = copyOfTheDistribution();
        List<Path> jars;
        try (Stream<Path> lib = Files.list(copy.resolve("lib"))) {
            jars = lib.sorted().toList();
        }
        assertEquals(5, jars.size(), jars.toString());
        for (Path jar : jars) {
            Path aside = Files.move(jar, directory.resolve(jar.getFileName()));
            Run run = run(copy.resolve("bin/pmsocks"), "--version");
            assertEquals(ExitStatus.INSTALLATION, run.status(), jar + ": " + run.describe());
            String name = jar.getFileName().toString().replaceFirst("-[0-9][0-9.]*\\.jar$",
                    "-*.jar");
            assertEquals("pmsocks: the installation in " + copy.toRealPath() + " is incomplete:"
                    + " lib/ lacks " + name + "; unpack the distribution again\n", run.err());
            Files.move(aside, jar);
        }
        assertEquals(0, run(copy.resolve("bin/pmsocks"), "--version").status());
    }

    @Test
    void javaOptionsVariablesReachTheProgramButNotPmsocksOwnJvms() throws IOException {
        // each would stop a JVM that reads it: pmsocks' own must not
        variables.put("_JAVA_OPTIONS", "-XX:+NoSuchOptionForPmsocks");
        variables.put("JDK_JAVA_OPTIONS", "-XX:+NoSuchOptionEither");
        variables.put("JAVA_TOOL_OPTIONS", "-XX:+NorThisOne");
        Run version = run(PMSOCKS, "--version");
        assertEquals(0, version.status(), version.describe());
        assertEquals("", version.err());
        Run probe = run(PMSOCKS, "--config", Files.writeString(directory.resolve("c.conf"),
                "deny ALL\n"), "--probe", "192.0.2.1:9");
        assertEquals(ExitStatus.PROBE_FAILED, probe.status(), probe.describe());
        assertFalse(probe.err().contains("NoSuchOption"), probe.err());

        variables.put("PMSOCKS_CONFIG", UnpackedDistribution.shippedConfig().toString());
        variables.put("SOCKS_SERVER", "fw.example");
        Run program = run(PMSOCKS, "/bin/sh", "-c", "echo \"$_JAVA_OPTIONS|$JDK_JAVA_OPTIONS\"");
        assertEquals("-XX:+NoSuchOptionForPmsocks|-XX:+NoSuchOptionEither\n", program.out(),
                program.describe());
    }

    @Test
    void noJavaRuntimeIsTheJavaRuntimeStatus() throws IOException {
        variables.put("JAVA_HOME", directory.resolve("no-jdk").toString());
        Run badHome = run(PMSOCKS, "--version");
        assertEquals(ExitStatus.JAVA_RUNTIME, badHome.status());
        assertEquals("pmsocks: JAVA_HOME is " + directory.resolve("no-jdk") + ", but "
                + directory.resolve("no-jdk/bin/java") + " is not an executable: set JAVA_HOME to"
                + " a Java 17 or newer runtime\n", badHome.err());
        variables.remove("JAVA_HOME");
        Path tools = Files.createDirectories(directory.resolve("tools"));
        for (String tool : List.of("dirname", "readlink")) {
            Files.createSymbolicLink(tools.resolve(tool), Path.of("/usr/bin", tool));
        }
        variables.put("PATH", tools.toString());
        Run noJava = UnpackedDistribution.run(directory, variables, command("/bin/sh", PMSOCKS,
                "--version"));
        assertEquals(ExitStatus.JAVA_RUNTIME, noJava.status());
        assertEquals("pmsocks: no java on PATH: install a Java 17 or newer runtime, or set"
                + " JAVA_HOME\n", noJava.err());
    }

    @Test
    void aHandOffTheScriptDoesNotUnderstandIsTheInstallationStatus() throws IOException {
        // a launcher of another version: its plan names a step this script does not know
        Path copy = copyOfTheDistribution();
        Path fakeJava = Files.writeString(Files.createDirectories(directory.resolve("jdk/bin"))
                .resolve("java"), "#!/bin/sh\necho run-elsewhere >/dev/fd/4\n");
        fakeJava.toFile().setExecutable(true);
        variables.put("JAVA_HOME", directory.resolve("jdk").toString());
        Run run = run(copy.resolve("bin/pmsocks"), "true");
        assertEquals(ExitStatus.INSTALLATION, run.status(), run.describe());
        assertEquals("pmsocks: the launcher's hand-off 'run-elsewhere' is not understood: are"
                + " bin/ and lib/ from the same pmsocks version?\n", run.err());
    }
}
