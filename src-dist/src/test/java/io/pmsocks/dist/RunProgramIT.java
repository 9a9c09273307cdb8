package io.pmsocks.dist;

import static io.pmsocks.dist.UnpackedDistribution.command;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmsocks.dist.UnpackedDistribution.Run;
import io.pmsocks.launcher.ExitStatus;
import io.pmsocks.testkit.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pmsocks [path]program [args ...]} from the unpacked tarball: the program runs as the
 * original shell wrapper ran it (arguments, streams, signals, exit status), with the Java agent
 * on java's command line or in JAVA_TOOL_OPTIONS. The agent's routing is shown without a
 * network: a {@code deny} rule refuses a connect to 192.0.2.1 before anything is sent.
 */
class RunProgramIT {

    private static final Path PMSOCKS = UnpackedDistribution.pmsocks();
    /** The compiled test classes: {@link ConnectClient}, the Java client run under pmsocks. */
    private static final Path CLASSES = ChildJvm.locationOf(ConnectClient.class);
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @TempDir
    Path directory;

    private final Map<String, String> variables = UnpackedDistribution.environment();

    private Run pmsocks(Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = PMSOCKS;
        System.arraycopy(args, 0, all, 1, args.length);
        return UnpackedDistribution.run(directory, variables, command(all));
    }

    private Path config(String name, String... lines) throws IOException {
        Path file = directory.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, List.of(lines));
    }

    /** The shipped file, with a server for its sockd rule (else pmsocks warns). */
    private void useShippedConfig() {
        variables.put("PMSOCKS_CONFIG", UnpackedDistribution.shippedConfig().toString());
        variables.put("SOCKS_SERVER", "fw.example");
    }

    private Path denyingConfig() throws IOException {
        return config("pcp_socks.conf", "deny 192.0.2.0 255.255.255.0", "direct ALL");
    }

    private Path script(String name, String... lines) throws IOException {
        Path file = Files.write(directory.resolve(name), List.of(lines));
        file.toFile().setExecutable(true);
        return file;
    }

    private static String notice(String program) {
        return "pmsocks: " + program + " is a native program, not java: its own connections are"
                + " not routed (Java programs it starts get the agent through JAVA_TOOL_OPTIONS)\n";
    }

    // exit status, arguments, streams

    @Test
    void theProgramsExitStatusIsPmsocksExitStatus() throws IOException {
        useShippedConfig();
        Run run = pmsocks(script("fails", "#!/bin/sh", "echo out; echo err >&2; exit 42"));
        assertEquals(42, run.status());
        assertEquals("out\n", run.out());
        assertEquals("err\n", run.err(), "a script gets no notice");
    }

    @Test
    void argumentsReachTheProgramByteForByte() throws IOException {
        useShippedConfig();
        Run words = UnpackedDistribution.run(directory, variables, command("/bin/sh", "-c",
                "\"$0\" date '+%a %b %e %Y' | wc -w", PMSOCKS));
        assertEquals("4", words.out().strip(), words.describe());

        // bytes that are no valid UTF-8, a line feed, runs of blanks, an empty argument
        Run bytes = UnpackedDistribution.run(directory, variables, command("/bin/sh", "-c",
                "\"$0\" printf '[%s]' \"$(printf '\\377\\376 two  words\\nz')\" '' '*'", PMSOCKS));
        assertEquals(0, bytes.status(), bytes.describe());
        assertArrayEquals(new byte[] {'[', (byte) 0xff, (byte) 0xfe, ' ', 't', 'w', 'o', ' ', ' ',
                'w', 'o', 'r', 'd', 's', '\n', 'z', ']', '[', ']', '[', '*', ']'}, bytes.outBytes());
    }

    @Test
    void standardInputReachesTheProgram() throws IOException {
        useShippedConfig();
        Run run = UnpackedDistribution.run(directory, variables, command("/bin/sh", "-c",
                "printf 'one\\ntwo\\n' | \"$0\" \"$1\"", PMSOCKS,
                script("count", "#!/bin/sh", "wc -l")));
        assertEquals("2", run.out().strip(), run.describe());
    }

    @Test
    void lsRunsWithItsOutputUnchangedAfterOneNotice() throws IOException {
        useShippedConfig();
        Files.writeString(directory.resolve("b file"), "");
        Files.writeString(directory.resolve("a"), "");
        Run plain = UnpackedDistribution.run(directory, variables, command("ls", "-1", directory));
        Run run = pmsocks("ls", "-1", directory);
        assertEquals(0, run.status(), run.describe());
        assertEquals(plain.out(), run.out());
        assertTrue(run.out().contains("b file\n"), run.out());
        String ls = UnpackedDistribution.run(directory, variables,
                command("/bin/sh", "-c", "command -v ls")).out().strip();
        assertEquals(notice(ls), run.err());
    }

    // signals: the program is the process pmsocks was started as

    @Test
    void sigtermReachesTheProgramWhichIsThePmsocksProcessItself() throws Exception {
        useShippedConfig();
        Process process = start(List.of(PMSOCKS.toString(), "sleep", "30"));
        try {
            awaitCommandName(process, "sleep");
            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(10, TimeUnit.SECONDS));
            assertEquals(128 + 15, process.exitValue());
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aJavaProgramReplacesThePmsocksProcessAndGetsSigterm() throws Exception {
        Path config = denyingConfig();
        Process process = start(List.of(PMSOCKS.toString(), "--config", config.toString(),
                JAVA.toString(), "-cp", CLASSES.toString(), ConnectClient.class.getName(),
                "--stdin"));
        try {
            awaitCommandName(process, "java");
            String commandLine = Files.readString(Path.of("/proc", Long.toString(process.pid()),
                    "cmdline")).replace('\0', ' ');
            assertTrue(commandLine.startsWith(JAVA + " -javaagent:"
                    + UnpackedDistribution.home().toRealPath() + "/lib/pmsocks-agent.jar=config="
                    + config + " -cp "), commandLine);
            assertFalse(commandLine.contains("io.pmsocks.launcher"), commandLine);
            process.destroy();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS));
            assertEquals(128 + 15, process.exitValue());
        } finally {
            process.destroyForcibly();
        }
    }

    private Process start(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectOutput(directory.resolve("started.out").toFile())
                .redirectError(directory.resolve("started.err").toFile());
        builder.environment().clear();
        builder.environment().putAll(variables);
        return builder.start();
    }

    /** Waits until the process started as bin/pmsocks has become the program (exec). */
    private void awaitCommandName(Process process, String name) throws Exception {
        Path comm = Path.of("/proc", Long.toString(process.pid()), "comm");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String seen = "";
        while (System.nanoTime() < deadline && process.isAlive()) {
            seen = Files.readString(comm).strip();
            if (seen.equals(name)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("process " + process.pid() + " is '" + seen + "', not " + name
                + "; stderr: " + Files.readString(directory.resolve("started.err")));
    }

    // how the Java agent reaches the program

    @Test
    void javaByNameGetsTheAgentOnItsCommandLine() throws IOException {
        Path config = denyingConfig();
        variables.put("PATH", JAVA.getParent() + File.pathSeparator + variables.get("PATH"));
        Run run = pmsocks("--config", config, "java", "-cp", CLASSES,
                ConnectClient.class.getName(), "192.0.2.1", "9", "1000");
        assertEquals(3, run.status(), run.describe());
        assertEquals(List.of("property pmsocks.test=null",
                "exception java.net.ConnectException: connect to 192.0.2.1:9 denied by " + config
                        + ":1"), run.out().lines().toList());
        assertEquals("", run.err());
    }

    @Test
    void aWrapperScriptGetsTheAgentThroughJavaToolOptionsAppendedToWhatWasThere()
            throws IOException {
        // blanks and a quote in the path: JAVA_TOOL_OPTIONS must carry it quoted
        Path config = config("conf dir/it's pcp_socks.conf",
                "deny 192.0.2.0 255.255.255.0", "direct ALL");
        Path client = script("client", "#!/bin/sh",
                "exec \"$JAVA_HOME/bin/java\" -cp '" + CLASSES + "' " + ConnectClient.class.getName()
                        + " \"$@\"");
        variables.put("JAVA_TOOL_OPTIONS", "-Dpmsocks.test=kept");
        Run run = pmsocks("--config", config, client, "192.0.2.1", "9", "1000");
        assertEquals(3, run.status(), run.describe());
        assertEquals(List.of("property pmsocks.test=kept",
                "exception java.net.ConnectException: connect to 192.0.2.1:9 denied by " + config
                        + ":1"), run.out().lines().toList());
        assertTrue(run.err().startsWith("Picked up JAVA_TOOL_OPTIONS: -Dpmsocks.test=kept '"),
                run.err());
        assertFalse(run.err().contains("pmsocks:"), "a script gets no notice: " + run.err());
    }

    @Test
    void aNativeProgramGetsJavaToolOptionsAndOneNotice() throws IOException {
        Path config = denyingConfig();
        Path env = Path.of("/usr/bin/env");
        Run run = pmsocks("--config", config, env);
        assertEquals(0, run.status(), run.describe());
        String expected = "JAVA_TOOL_OPTIONS=-javaagent:" + UnpackedDistribution.home().toRealPath()
                + "/lib/pmsocks-agent.jar=config=" + config;
        assertTrue(run.out().lines().anyMatch(expected::equals), run.out());
        assertEquals(notice(env.toString()), run.err());
    }

    // nothing started

    @Test
    void aMissingConfigurationIsNamedAndNothingIsStarted() throws IOException {
        Path missing = directory.resolve("missing.conf");
        Path marker = directory.resolve("started");
        Run run = pmsocks("--config", missing, "touch", marker);
        assertEquals(2, run.status());
        assertEquals(missing + ": error: cannot read the configuration file (no such file)\n",
                run.err());
        assertFalse(Files.exists(marker), "the program must not have run");
    }

    @Test
    void aProgramNotFoundIs127AndOneNotExecutable126() throws IOException {
        useShippedConfig();
        Run missing = pmsocks("no-such-program-here", "x");
        assertEquals(127, missing.status());
        assertEquals("pmsocks: no-such-program-here: command not found\n", missing.err());
        Path plain = Files.writeString(directory.resolve("plain"), "#!/bin/sh\n");
        Run notExecutable = pmsocks(plain);
        assertEquals(126, notExecutable.status());
        assertEquals("pmsocks: " + plain + ": permission denied (not executable)\n",
                notExecutable.err());
    }

    @Test
    void anUnknownOptionIsStatusOne() {
        Run run = pmsocks("--frobnicate", "ls");
        assertEquals(1, run.status());
        assertEquals("pmsocks: Unknown option: '--frobnicate' (see 'pmsocks --help')\n", run.err());
    }

    // help, manual pages, completion

    @Test
    void helpTheManualPageAndTheReadmeListEveryExitStatusOnce() throws Exception {
        List<String> statuses = new java.util.ArrayList<>(List.of("N"));
        for (java.lang.reflect.Field field : ExitStatus.class.getFields()) {
            statuses.add(Integer.toString(field.getInt(null)));
        }
        assertEquals(statuses.size(), statuses.stream().distinct().count(),
                "one status for each kind of failure: " + statuses);
        Run run = pmsocks("--help");
        assertEquals(0, run.status(), run.describe());
        List<String> lines = run.out().lines().toList();
        int heading = lines.indexOf("Exit status");
        assertTrue(heading > 0, run.out());
        variables.put("MANWIDTH", "100");
        variables.put("MANPAGER", "cat");
        Run page = UnpackedDistribution.run(directory, variables, command("man", "--warnings",
                UnpackedDistribution.home().resolve("man/man1/pmsocks.1")));
        List<String> pageLines = page.out().lines().toList();
        int pageHeading = pageLines.indexOf("EXIT STATUS");
        assertTrue(pageHeading > 0, page.out());
        String readme = Files.readString(UnpackedDistribution.home().resolve("README.md"));
        for (String status : statuses) {
            assertEquals(1, lines.subList(heading, lines.size()).stream()
                    .filter(line -> line.matches("\\s+" + status + "\\s+\\S.*")).count(), status);
            assertTrue(pageLines.subList(pageHeading, pageLines.size()).stream()
                    .anyMatch(line -> line.strip().startsWith(status + " ")
                            || line.strip().equals(status)), "pmsocks(1) lacks " + status);
            assertTrue(readme.contains("\n| " + status + " | "), "README.md lacks " + status);
        }
    }

    @Test
    void theManualPagesRenderWithoutWarningsAndAgreeWithHelp() {
        Path man1 = UnpackedDistribution.home().resolve("man/man1");
        variables.put("MANWIDTH", "100");
        variables.put("MANPAGER", "cat");
        Run page = UnpackedDistribution.run(man1, variables,
                command("man", "--warnings", "./pmsocks.1"));
        assertEquals(0, page.status(), page.describe());
        assertEquals("", page.err());
        String text = page.out().replaceAll("\\s+", " ");
        for (String section : List.of("NAME", "SYNOPSIS", "OPTIONS", "EXIT STATUS", "ENVIRONMENT",
                "THE JAVA AGENT", "FILES", "SEE ALSO")) {
            assertTrue(page.out().contains("\n" + section + "\n"), section);
        }
        Run help = pmsocks("--help");
        List<String> synopsis = help.out().lines().takeWhile(line -> !line.isEmpty())
                .map(line -> line.replaceFirst("^Usage:", "").replaceAll("\\s+", " ").strip())
                .toList();
        assertEquals(5, synopsis.size(), help.out());
        for (String line : synopsis) {
            assertTrue(text.contains(line), "the manual page lacks '" + line + "'");
        }

        Run conf = UnpackedDistribution.run(man1.resolveSibling("man5"), variables,
                command("man", "--warnings", "./pcp_socks.conf.5"));
        assertEquals(0, conf.status(), conf.describe());
        assertEquals("", conf.err());
        assertTrue(conf.out().replaceAll("[ \t]+", " ").contains("sockd @=fw:1081 ALL"),
                "the example of SPEC section 5");
    }

    @Test
    void bashCompletesTheOptions() {
        Path completion = UnpackedDistribution.home()
                .resolve("share/bash-completion/completions/pmsocks");
        Run run = UnpackedDistribution.run(directory, variables, command("bash", "-c",
                "source \"$0\" && COMP_WORDS=(pmsocks --pro) COMP_CWORD=1 && _complete_pmsocks"
                        + " pmsocks --pro pmsocks 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"",
                completion));
        assertEquals("--probe\n", run.out(), run.describe());
    }
}
