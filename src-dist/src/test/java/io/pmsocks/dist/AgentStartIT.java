package io.pmsocks.dist;

import static io.pmsocks.dist.UnpackedDistribution.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.dist.UnpackedDistribution.Run;
import io.pmsocks.launcher.ExitStatus;
import io.pmsocks.testkit.ChildJvm;
import io.pmsocks.testkit.ChildProcess;
import io.pmsocks.testkit.LocalHost;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the Java agent of the tarball starts, alone or with the launcher: the debug file both
 * write, start-up failures that end the JVM with status 2 and one line, a second agent with
 * another configuration, and the Java runtimes that cannot take the agent.
 */
class AgentStartIT {

    private static final Path PMSOCKS = UnpackedDistribution.pmsocks();
    private static final Path AGENT = UnpackedDistribution.home().resolve("lib/pmsocks-agent.jar");
    private static final Path CLASSES = ChildJvm.locationOf(ConnectClient.class);
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @TempDir
    Path directory;

    private final Map<String, String> variables = UnpackedDistribution.environment();

    private Run run(Object... command) {
        return UnpackedDistribution.run(directory, variables, command(command));
    }

    private Path config(String name, String... lines) throws IOException {
        return Files.write(directory.resolve(name), List.of(lines));
    }

    /** A connect to 192.0.2.1:9 that the rules of {@code config} deny, made by java. */
    private Run denied(Path config) {
        return run(PMSOCKS, "--config", config, JAVA, "-cp", CLASSES,
                ConnectClient.class.getName(), "192.0.2.1", "9", "1000");
    }

    // SOCKS_DEBUG=/FILE

    @Test
    void twoRunsAppendTheLaunchersAndTheAgentsLinesToAnOwnerOnlyFile() throws IOException {
        Path log = directory.resolve("debug.log");
        variables.put("SOCKS_DEBUG", log.toString());
        Path config = config("deny.conf", "deny 192.0.2.0 255.255.255.0", "direct ALL");
        Run first = denied(config);
        assertEquals(3, first.status(), first.describe());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(log)));
        List<String> firstLines = Files.readAllLines(log);
        Run second = denied(config);
        assertEquals(3, second.status(), second.describe());
        List<String> lines = Files.readAllLines(log);
        assertEquals(firstLines, lines.subList(0, firstLines.size()), "the first run's lines");
        assertEquals(2 * firstLines.size(), lines.size(), String.join("\n", lines));
        for (List<String> run : List.of(lines.subList(0, firstLines.size()),
                lines.subList(firstLines.size(), lines.size()))) {
            assertTrue(run.stream().anyMatch(line -> line.startsWith("[pmsocks] handed over:")),
                    "a launcher line: " + run);
            assertTrue(run.stream().anyMatch(line -> line.startsWith("[pmsocks] pmsocks ")
                    && line.contains("Java agent")), "an agent line: " + run);
        }
        assertTrue(lines.stream().allMatch(line -> line.startsWith("[pmsocks] ")
                && !line.startsWith("[pmsocks] DEBUG")), String.join("\n", lines));
    }

    @Test
    void aSymbolicLinkAtTheDebugFileIsFollowedByNeitherWriter() throws IOException {
        Path target = Files.writeString(directory.resolve("elsewhere"), "");
        Path link = Files.createSymbolicLink(directory.resolve("debug.log"), target);
        variables.put("SOCKS_DEBUG", link.toString());
        Run run = denied(config("deny.conf", "deny 192.0.2.0 255.255.255.0", "direct ALL"));
        assertEquals(3, run.status(), run.describe());
        assertEquals("", Files.readString(target), "nothing written through the link");
        assertTrue(run.err().startsWith("pmsocks: cannot append debug lines to " + link
                + " (a symbolic link, which pmsocks does not follow for its debug lines: name the"
                + " file itself); they go to stderr\n"), run.err());
        assertTrue(run.err().contains("\n[pmsocks] cannot append debug lines to " + link
                + " (a symbolic link, "), "the agent says so too: " + run.err());
    }

    // start-up failures

    @Test
    void aFailureOfPremainEndsTheJvmWithStatusTwoAndOneLine() throws IOException {
        // Under LANG=C a non-ASCII path is no file name for the JVM (InvalidPathException)
        Files.createDirectories(directory.resolve("conf"));
        variables.put("LANG", "C");
        variables.put("LC_ALL", "C");
        Run run = UnpackedDistribution.run(directory, variables, command("/bin/sh", "-c",
                "exec \"$0\" -javaagent:\"$1\"=config=\"$(printf 'conf/\\303\\251.conf')\""
                        + " -version", JAVA, AGENT));
        assertEquals(2, run.status(), run.describe());
        assertEquals(1, run.err().lines().count(), run.err());
        assertFalse(run.err().contains("processing of -javaagent failed"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void aNonAsciiConfigPathUnderLangCIsALocatedErrorOfTheLauncher() throws IOException {
        Files.write(Files.createDirectories(directory.resolve("conf")).resolve("\u00e9.conf"),
                List.of("direct ALL"));
        variables.put("LANG", "C");
        variables.put("LC_ALL", "C");
        Run run = UnpackedDistribution.run(directory, variables, command("/bin/sh", "-c",
                "exec \"$0\" --config \"$(printf 'conf/\\303\\251.conf')\" --check", PMSOCKS));
        assertEquals(ExitStatus.CONFIG, run.status(), run.describe());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("--config: error: "), run.err());
    }

    @Test
    void aConfigurationThatIsNoRegularFileIsALocatedErrorNeverAHang() throws IOException {
        Path fifo = directory.resolve("fifo.conf");
        Run mkfifo = run("mkfifo", fifo);
        assertEquals(0, mkfifo.status(), mkfifo.describe());
        for (Path config : List.of(Path.of("/dev/zero"), fifo)) {
            Run check = run(PMSOCKS, "--config", config, "--check");
            assertEquals(ExitStatus.CONFIG, check.status(), check.describe());
            assertEquals(1, check.err().lines().count(), check.err());
            assertTrue(check.err().contains(config.toString()), check.err());
            Run agent = run(JAVA, "-javaagent:" + AGENT + "=config=" + config, "-version");
            assertEquals(2, agent.status(), agent.describe());
            assertEquals(1, agent.err().lines().count(), agent.err());
            assertTrue(agent.err().contains(config.toString()), agent.err());
        }
    }

    @Test
    void theEntryClassesLoadOnJava8ToRefuseAnOldJvm() throws IOException {
        try (JarFile jar = new JarFile(AGENT.toFile())) {
            String premain = jar.getManifest().getMainAttributes().getValue("Premain-Class");
            assertEquals(premain, jar.getManifest().getMainAttributes().getValue("Agent-Class"));
            assertEquals(52, majorVersion(jar.getInputStream(jar.getEntry(
                    premain.replace('.', '/') + ".class"))), premain);
        }
        Path launcher = UnpackedDistribution.home().resolve("lib/pmsocks-launcher.jar");
        try (JarFile jar = new JarFile(launcher.toFile())) {
            assertEquals(52, majorVersion(jar.getInputStream(jar.getEntry(
                    "io/pmsocks/launcher/Main.class"))), "the class bin/pmsocks starts");
        }
    }

    private static int majorVersion(InputStream classFile) throws IOException {
        try (DataInputStream data = new DataInputStream(classFile)) {
            assertEquals(0xCAFEBABE, data.readInt());
            data.readUnsignedShort();
            return data.readUnsignedShort();
        }
    }

    // two agents

    @Test
    void aSecondAgentWithAnotherConfigurationIsSaidToBeUnused() throws IOException {
        Path first = config("first.conf", "deny 192.0.2.0 255.255.255.0", "direct ALL");
        Path second = config("second.conf", "direct ALL");
        variables.put("JAVA_TOOL_OPTIONS", "-javaagent:" + AGENT + "=config=" + first);
        Run run = run(JAVA, "-javaagent:" + AGENT + "=config=" + second, "-javaagent:" + AGENT
                + "=config=" + directory.resolve("third.conf"), "-cp", CLASSES,
                ConnectClient.class.getName(), "192.0.2.1", "9", "1000");
        assertEquals(3, run.status(), run.describe());
        assertTrue(run.out().contains("denied by " + first + ":1"), run.describe());
        List<String> warnings = run.err().lines().filter(line -> line.startsWith("[pmsocks]"))
                .toList();
        assertEquals(List.of("[pmsocks] warning: the pmsocks Java agent is loaded again, with "
                + second + ", but the first load decides every connect of this JVM, by " + first
                + "; " + second + " is not used (remove one of the two -javaagent: options, from"
                + " the command line or JAVA_TOOL_OPTIONS)"), warnings, "once: " + run.err());
    }

    @Test
    void aNestedPmsocksReplacesTheOuterAgentSoTheInnerFileDecides() throws IOException {
        Path outer = config("outer.conf", "deny 192.0.2.0 255.255.255.0", "direct ALL");
        Path inner = config("inner.conf", "deny 192.0.2.1 255.255.255.255", "direct ALL");
        Path client = Files.writeString(directory.resolve("client"), "#!/bin/sh\nexec \""
                + JAVA + "\" -cp '" + CLASSES + "' " + ConnectClient.class.getName() + " \"$@\"\n");
        client.toFile().setExecutable(true);
        for (Object program : List.of(JAVA, client)) {
            List<Object> command = new java.util.ArrayList<>(List.of(PMSOCKS, "--config", outer,
                    PMSOCKS, "--config", inner, program));
            if (program == JAVA) {
                command.addAll(List.of("-cp", CLASSES, ConnectClient.class.getName()));
            }
            command.addAll(List.of("192.0.2.1", "9", "1000"));
            Run run = run(command.toArray());
            assertEquals(3, run.status(), run.describe());
            assertTrue(run.out().contains("denied by " + inner + ":1"), program + ": "
                    + run.describe());
            assertFalse(run.err().contains("[pmsocks] warning"), run.err());
        }
    }

    @Test
    void anAttachWithAnotherConfigurationFailsAndTheRunningRulesStay() throws Exception {
        Path first = config("first.conf", "deny 192.0.2.0 255.255.255.0", "direct ALL");
        Path second = config("second.conf", "direct ALL");
        try (LocalHost host = LocalHost.create();
                ChildProcess client = ChildJvm.forMainClass(ConnectClient.class)
                        .withAgent(AGENT, "config=" + first).withArguments("--stdin")
                        .startIn(host)) {
            client.awaitStdoutLine("ready"::equals, Duration.ofSeconds(30));
            Run other = run(PMSOCKS, "--config", second, "--attach", client.pid());
            assertEquals(ExitStatus.ATTACH_FAILED, other.status(), other.describe());
            assertTrue(other.err().startsWith("pmsocks: the Java agent could not start in process "
                    + client.pid()), other.err());
            assertTrue(client.stderr().contains("[pmsocks] warning: the pmsocks Java agent is"
                    + " loaded again, with " + second + ", but the first load decides every"
                    + " connect of this JVM, by " + first + "; " + second + " is not used (a"
                    + " running JVM's rules cannot be replaced: restart it with the configuration"
                    + " wanted)"), client.stderr());
            Run same = run(PMSOCKS, "--config", first, "--attach", client.pid());
            assertEquals(0, same.status(), same.describe());
            assertTrue(client.isAlive());
        }
    }

    // programs whose JVM is not java's, or cannot take the agent

    @Test
    void jshellIsRoutedThroughJavaToolOptionsWithoutTheNativeNotice() throws IOException {
        Path config = config("deny.conf", "deny 192.0.2.0 255.255.255.0", "direct ALL");
        Path input = Files.writeString(directory.resolve("input.jsh"), "try { new"
                + " java.net.Socket(\"192.0.2.1\", 9); } catch (Exception e) {"
                + " System.out.println(\"EXCEPTION \" + e.getMessage()); }\n/exit\n");
        Path jshell = JAVA.resolveSibling("jshell");
        Run run = run(PMSOCKS, "--config", config, jshell, "--execution", "local", "-q", input);
        assertEquals(0, run.status(), run.describe());
        assertTrue(run.out().contains("EXCEPTION connect to 192.0.2.1:9 denied by " + config
                + ":1"), run.describe());
        assertFalse(run.err().contains("pmsocks:"), "no notice: " + run.err());
    }

    @Test
    void aJpackagedApplicationIsRoutedUnlessItsRuntimeLacksJavaInstrument() throws IOException {
        Path input = Files.createDirectories(directory.resolve("input"));
        Run jar = run(JAVA.resolveSibling("jar"), "--create", "--file", input.resolve("client.jar"),
                "-C", CLASSES, ConnectClient.class.getName().replace('.', '/') + ".class");
        assertEquals(0, jar.status(), jar.describe());
        Path config = config("deny.conf", "deny 192.0.2.0 255.255.255.0", "direct ALL");
        for (String modules : List.of("java.base,java.instrument", "java.base")) {
            Path images = directory.resolve(modules.replace(',', '-'));
            Run jpackage = run(JAVA.resolveSibling("jpackage"), "--type", "app-image",
                    "--input", input, "--main-jar", "client.jar", "--main-class",
                    ConnectClient.class.getName(), "--name", "client", "--dest", images,
                    "--add-modules", modules);
            assertEquals(0, jpackage.status(), jpackage.describe());
            Path launcher = images.resolve("client/bin/client");
            Run run = run(PMSOCKS, "--config", config, launcher, "192.0.2.1", "9", "1000");
            if (modules.contains("java.instrument")) {
                assertEquals(3, run.status(), run.describe());
                assertTrue(run.out().contains("denied by " + config + ":1"), run.describe());
                assertFalse(run.err().contains("pmsocks:"), "no notice: " + run.err());
            } else {
                assertEquals(ExitStatus.JAVA_RUNTIME, run.status(), run.describe());
                assertTrue(run.err().startsWith("pmsocks: " + launcher + " runs on the Java runtime "
                        + images.resolve("client/lib/runtime") + ", an image without the"
                        + " java.instrument module"), run.err());
            }
        }
    }

    @Test
    void aJlinkedRuntimeWithoutJavaInstrumentIsRefused() throws IOException {
        Path image = directory.resolve("image");
        Run jlink = run(JAVA.resolveSibling("jlink"), "--add-modules", "java.base",
                "--output", image);
        assertEquals(0, jlink.status(), jlink.describe());
        Run run = run(PMSOCKS, "--config", config("direct.conf", "direct ALL"),
                image.resolve("bin/java"), "-XX:+NoSuchOptionSoItWouldFail");
        assertEquals(ExitStatus.JAVA_RUNTIME, run.status(), run.describe());
        assertEquals("pmsocks: " + image.resolve("bin/java") + " runs on the Java runtime "
                + image + ", an image without the java.instrument module (see its release file),"
                + " where no Java agent can load: add java.instrument to the image (jlink"
                + " --add-modules java.instrument), or run the program on a full Java runtime\n",
                run.err());
    }
}
