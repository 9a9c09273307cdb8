package io.pmsocks.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.pmsocks.config.ConfigLocation;
import io.pmsocks.config.HostResolver;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command run in-process: its exit status and exactly what it prints where. */
class PmsocksCommandTest {

    /** The example of SPEC §5. */
    private static final String SPEC_EXAMPLE = String.join("\n",
            "deny 10.2.0.0 255.255.0.0 eq 22",
            "direct 10.2.0.0 255.255.0.0",
            "sockd @=fw:1081 ALL",
            "");

    @TempDir
    Path directory;

    private final Map<String, String> variables = new HashMap<>();
    private String effectiveUser = "alice";
    private Path home;
    private Path handoff;

    /** Names the tests may resolve; anything else does not resolve. */
    private final HostResolver resolver = new HostResolver() {
        @Override
        public List<InetAddress> resolve(String name) throws UnknownHostException {
            switch (name) {
                case "db.example": return List.of(InetAddress.getByName("10.2.0.9"));
                case "testhost": return List.of(InetAddress.getByName("192.0.2.50"));
                case "bug.example": throw new IllegalStateException("a bug\nin two lines");
                default: throw new UnknownHostException(name);
            }
        }

        @Override
        public String localHostName() {
            return "testhost";
        }
    };

    private record Run(int status, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = PmsocksCommand.commandLine(
                new LaunchEnvironment(variables, effectiveUser, home, resolver));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    /** Runs the command as bin/pmsocks does: from a distribution, with a hand-off file. */
    private Run runWithHandoff(String... args) throws IOException {
        if (home == null) {
            home = Files.createDirectories(directory.resolve("dist"));
            Files.createDirectories(home.resolve("lib"));
            Files.writeString(home.resolve("lib/pmsocks-agent.jar"), "");
            Files.writeString(home.resolve("lib/pmsocks-launcher.jar"), "");
        }
        handoff = Files.writeString(directory.resolve("handoff"), "");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = PmsocksCommand.commandLine(
                new LaunchEnvironment(variables, effectiveUser, home, resolver, handoff));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private String handoff() throws IOException {
        return Files.readString(handoff);
    }

    private String agent() {
        return "-javaagent:" + home.resolve("lib/pmsocks-agent.jar");
    }

    private Path executable(String name, String text) throws IOException {
        Path file = Files.writeString(directory.resolve(name), text);
        file.toFile().setExecutable(true);
        return file;
    }

    private Path file(String text) throws IOException {
        return Files.writeString(Files.createTempFile(directory, "pcp_socks", ".conf"), text);
    }

    private Run explain(Path config, String target) {
        return run("--config", config.toString(), "--explain", target);
    }

    private static void assertOutput(Run run, String line) {
        assertEquals("", run.err(), "stderr");
        assertEquals(line + System.lineSeparator(), run.out());
        assertEquals(ExitStatus.OK, run.status());
    }

    // --explain

    @Test
    void explainGivesTheSpecExamplesExactly() throws IOException {
        Path config = file(SPEC_EXAMPLE);
        assertOutput(explain(config, "10.2.0.7:22"), "10.2.0.7:22 deny (line 1)");
        assertOutput(explain(config, "10.2.0.7"), "10.2.0.7:44321 direct (line 2)");
        assertOutput(explain(config, "192.0.2.1:80"), "192.0.2.1:80 sockd fw:1081 (line 3)");
        assertOutput(explain(config, "127.0.0.1:44321"), "127.0.0.1:44321 direct (loopback)");
    }

    @Test
    void explainTakesIpv6InBracketsAndPrintsItSo() throws IOException {
        Path config = file(SPEC_EXAMPLE);
        assertOutput(explain(config, "[::1]:80"), "[::1]:80 direct (loopback)");
        assertOutput(explain(config, "[2001:db8::7]:22"), "[2001:db8::7]:22 sockd fw:1081 (line 3)");
        assertOutput(explain(config, "2001:db8::7"), "[2001:db8::7]:44321 sockd fw:1081 (line 3)");
    }

    @Test
    void explainTreatsIpv4MappedAddressesAsIpv4() throws IOException {
        assertOutput(explain(file(SPEC_EXAMPLE), "[::ffff:10.2.0.7]:22"),
                "[::ffff:10.2.0.7]:22 deny (line 1)");
    }

    @Test
    void explainResolvesANameButPrintsItAsWritten() throws IOException {
        assertOutput(explain(file(SPEC_EXAMPLE), "db.example:22"), "db.example:22 deny (line 1)");
    }

    @Test
    void anUnresolvedNameMatchesOnlyDomainAndMaskZeroRules() throws IOException {
        Path config = file("direct .corp.example\n"
                + "direct 0.0.0.0 255.0.0.0\n"
                + "sockd @=fw ALL\n");
        Run run = explain(config, "pmcd.corp.example");
        assertEquals("pmcd.corp.example:44321 direct (line 1)" + System.lineSeparator(), run.out());
        run = explain(config, "nowhere.example");
        assertEquals("nowhere.example:44321 sockd fw:1080 (line 3)" + System.lineSeparator(),
                run.out());
        assertEquals("pmsocks: nowhere.example does not resolve here: only .domain rules and rules"
                + " with mask 0.0.0.0 can match it; its lookups are answered a placeholder address"
                + " (240.0.0.0/16) and the name is left to sockd fw:1080 (line 3)"
                + System.lineSeparator(), run.err());
        assertEquals(ExitStatus.OK, run.status());
    }

    @Test
    void explainSaysThatANameNoSockdCoversFailsAsWithoutPmsocks() throws IOException {
        Run run = explain(file("sockd @=fw:1081 .corp.example eq 22\ndirect ALL\n"),
                "nowhere.example:22");
        assertEquals("nowhere.example:22 direct (line 2)" + System.lineSeparator(), run.out());
        assertEquals("pmsocks: nowhere.example does not resolve here: only .domain rules and rules"
                + " with mask 0.0.0.0 can match it; its lookups fail as without pmsocks"
                + " (direct (line 2))" + System.lineSeparator(), run.err());
        // the lookup decides with ports ignored, the connect with its port
        run = explain(file("sockd @=fw:1081 .corp.example eq 22\ndirect ALL\n"),
                "db.corp.example:80");
        assertEquals("db.corp.example:80 direct (line 2)" + System.lineSeparator(), run.out());
        assertTrue(run.err().endsWith("left to sockd fw:1081 (line 1)" + System.lineSeparator()),
                run.err());
    }

    @Test
    void aSplitHorizonNameIsNotLookedUpAndLocalNamesAlwaysAre() throws IOException {
        Path config = file("sockd @=socks5h://fw .example\nsockd @=http://fw:3128 ALL\n");
        // db.example resolves with the test's resolver: it must not be asked
        Run run = explain(config, "db.example:5432");
        assertEquals("db.example:5432 sockd socks5h://fw:1080 (line 1)" + System.lineSeparator(),
                run.out());
        assertEquals("pmsocks: db.example is not looked up here: its lookups are answered a"
                + " placeholder address (240.0.0.0/16) and the name is left to sockd"
                + " socks5h://fw:1080 (line 1) (split-horizon)" + System.lineSeparator(), run.err());
        assertOutput(explain(file("sockd @=socks5h://fw .testhost\nsockd @=socks5h://fw ALL\n"),
                "testhost:80"), "testhost:80 sockd socks5h://fw:1080 (line 1)");
    }

    @Test
    void explainSaysWhenNoRuleMatches() throws IOException {
        assertOutput(explain(file("direct 10.0.0.0 255.0.0.0\n"), "192.0.2.1:80"),
                "192.0.2.1:80 deny (no rule)");
    }

    @Test
    void thisHostByLocalHostNameIsDirectOnTheShippedRules() throws IOException {
        Path config = file("direct LOCALHOSTNAME 255.255.255.255\nsockd @=fw 0.0.0.0 0.0.0.0\n");
        assertOutput(explain(config, "testhost"), "testhost:44321 direct (line 1)");
        assertOutput(explain(config, "192.0.2.1"), "192.0.2.1:44321 sockd fw:1080 (line 2)");
    }

    @Test
    void sockdRulesWithoutServersUseSocksServerAndPort() throws IOException {
        variables.put("SOCKS_SERVER", "gate.example");
        variables.put("SOCKS_PORT", "1081");
        assertOutput(explain(file("sockd ALL\n"), "192.0.2.1"),
                "192.0.2.1:44321 sockd gate.example:1081 (line 1)");
    }

    @Test
    void userListsAreComparedWithTheEffectiveUserOrWithUser() throws IOException {
        Path config = file("direct *=alice,carol 10.0.0.0 255.0.0.0\ndeny 10.0.0.0 255.0.0.0\n");
        assertOutput(explain(config, "10.1.1.1"), "10.1.1.1:44321 direct (line 1)");
        assertOutput(run("--config", config.toString(), "--user", "bob", "--explain", "10.1.1.1"),
                "10.1.1.1:44321 deny (line 2)");
        assertOutput(run("--config", config.toString(), "--user", "carol", "--explain", "10.1.1.1"),
                "10.1.1.1:44321 direct (line 1)");
        effectiveUser = "bob";
        assertOutput(explain(config, "10.1.1.1"), "10.1.1.1:44321 deny (line 2)");
    }

    @Test
    void anEmptyUserListMatchesEveryone() throws IOException {
        effectiveUser = "anyone";
        assertOutput(explain(file("deny *= 10.0.0.0 255.0.0.0\n"), "10.9.9.9:1"),
                "10.9.9.9:1 deny (line 1)");
    }

    @Test
    void aBadExplainTargetIsAUsageError() throws IOException {
        Path config = file(SPEC_EXAMPLE);
        Run run = explain(config, "300.1.1.1");
        assertEquals(ExitStatus.USAGE, run.status());
        assertEquals("", run.out());
        assertEquals("pmsocks: Invalid value for option '--explain': '300.1.1.1' is not an IPv4"
                + " address: write four numbers from 0 to 255 separated by dots (see 'pmsocks"
                + " --help')" + System.lineSeparator(), run.err());
        assertEquals(ExitStatus.USAGE, explain(config, "10.2.0.7:65536").status());
    }

    @Test
    void theConfigurationComesFromPmsocksConfigWithoutConfig() throws IOException {
        variables.put("PMSOCKS_CONFIG", file(SPEC_EXAMPLE).toString());
        assertOutput(run("--explain", "10.2.0.7"), "10.2.0.7:44321 direct (line 2)");
    }

    @Test
    void configWinsOverPmsocksConfig() throws IOException {
        variables.put("PMSOCKS_CONFIG", file("deny ALL\n").toString());
        assertOutput(explain(file(SPEC_EXAMPLE), "10.2.0.7"), "10.2.0.7:44321 direct (line 2)");
    }

    // --check

    @Test
    void checkPrintsTheRulesAsUnderstood() throws IOException {
        Path config = file("# comment\n\n" + SPEC_EXAMPLE);
        Run run = run("--config", config.toString(), "--check");
        assertEquals(List.of(
                config + ":3: deny 10.2.0.0 255.255.0.0 eq 22",
                config + ":4: direct 10.2.0.0 255.255.0.0",
                config + ":5: sockd @=fw:1081 0.0.0.0 0.0.0.0"), run.outLines());
        assertEquals("", run.err());
        assertEquals(ExitStatus.OK, run.status());
    }

    @Test
    void checkPrintsWarningsOnStderrAndSucceeds() throws IOException {
        Path config = file("direct 10.0.0.0 255.0.0.0\nsockd ALL\n");
        Run run = run("--config", config.toString(), "--check");
        assertEquals(List.of(config + ":1: direct 10.0.0.0 255.0.0.0",
                config + ":2: sockd 0.0.0.0 0.0.0.0"), run.outLines());
        assertEquals(config + ":2:1: warning: sockd rule without a server: set SOCKS_SERVER or add"
                + " @=host[:port]" + System.lineSeparator(), run.err());
        assertEquals(ExitStatus.OK, run.status());
    }

    @Test
    void checkSaysWhenAFileHasNoRules() throws IOException {
        Path config = file("# nothing yet\n");
        Run run = run("--config", config.toString(), "--check");
        assertEquals("", run.out());
        assertEquals(config + ": warning: no rules: every connect except to loopback will be"
                + " refused" + System.lineSeparator(), run.err());
        assertEquals(ExitStatus.OK, run.status());
    }

    @Test
    void checkAndExplainTogetherPrintBoth() throws IOException {
        Path config = file(SPEC_EXAMPLE);
        Run run = run("--config", config.toString(), "--check", "--explain", "10.2.0.7:22");
        assertEquals(4, run.outLines().size());
        assertEquals("10.2.0.7:22 deny (line 1)", run.outLines().get(3));
        assertEquals(ExitStatus.OK, run.status());
    }

    // configuration errors: exit 2, nothing on stdout

    @Test
    void anErrorInTheFileIsPrintedLocatedAndExitsTwo() throws IOException {
        Path config = file("direct 10.0.0.0 255.0.0.0\ndirect 300.1.1.1 255.255.255.255\n");
        for (String[] args : List.of(new String[] {"--check"}, new String[] {"--explain", "10.0.0.1"})) {
            Run run = run(concat("--config", config.toString(), args));
            assertEquals(ExitStatus.CONFIG, run.status());
            assertEquals("", run.out());
            assertTrue(run.err().startsWith(config + ":2:8: error: "), run.err());
            assertEquals(1, run.err().lines().count(), run.err());
        }
    }

    @Test
    void everyBadLineIsReported() throws IOException {
        Path config = file("direct 300.1.1.1 255.255.255.255\ndeny 10.0.0.0 255.0.0.0 eqq 22\n");
        Run run = run("--config", config.toString(), "--check");
        assertEquals(ExitStatus.CONFIG, run.status());
        List<String> lines = run.err().lines().toList();
        assertEquals(2, lines.size(), run.err());
        assertTrue(lines.get(0).startsWith(config + ":1:8: error: "), lines.get(0));
        assertTrue(lines.get(1).startsWith(config + ":2:25: error: "), lines.get(1));
    }

    @Test
    void aMissingFileNamedByConfigIsNamed() {
        Path missing = directory.resolve("missing.conf");
        Run run = run("--config", missing.toString(), "--check");
        assertEquals(ExitStatus.CONFIG, run.status());
        assertEquals(missing + ": error: cannot read the configuration file (no such file)"
                + System.lineSeparator(), run.err());
    }

    @Test
    void aMissingFileNamedByPmsocksConfigSaysSo() {
        Path missing = directory.resolve("missing.conf");
        variables.put("PMSOCKS_CONFIG", missing.toString());
        Run run = run("--explain", "10.0.0.1");
        assertEquals(ExitStatus.CONFIG, run.status());
        assertEquals(missing + ": error: cannot read the configuration file (no such file); it was"
                + " named by PMSOCKS_CONFIG" + System.lineSeparator(), run.err());
    }

    @Test
    void aMissingDefaultFileSaysHowToInstallTheShippedOne() {
        assumeFalse(Files.exists(ConfigLocation.DEFAULT_PATH),
                "this machine has " + ConfigLocation.DEFAULT_PATH);
        home = directory.resolve("pmsocks-1.0");
        Path shipped = home.resolve("etc/pcp_socks.conf");
        Run run = run("--check");
        assertEquals(ExitStatus.CONFIG, run.status());
        assertEquals("/etc/pcp_socks.conf: error: cannot read the configuration file (no such"
                + " file); install the default one with 'cp " + shipped + " /etc/pcp_socks.conf',"
                + " or set PMSOCKS_CONFIG to the path of a configuration file (for example "
                + shipped + ")" + System.lineSeparator(), run.err());
    }

    @Test
    void aBadEnvironmentVariableIsAConfigurationError() throws IOException {
        variables.put("SOCKS_PORT", "ten-eighty");
        Run run = run("--config", file(SPEC_EXAMPLE).toString(), "--explain", "10.2.0.7");
        assertEquals(ExitStatus.CONFIG, run.status());
        assertEquals("", run.out());
        assertEquals("SOCKS_PORT: error: not a TCP port number: 'ten-eighty'"
                + System.lineSeparator(), run.err());
    }

    @Test
    void aSocksServerWithAPortIsParsedAndABadOneExitsTwo() throws IOException {
        Path config = file("sockd ALL\n");
        variables.put("SOCKS_SERVER", "socks5://alice@gate.example:1085");
        variables.put("SOCKS_PORT", "1081");
        assertOutput(explain(config, "192.0.2.1"),
                "192.0.2.1:44321 sockd socks5://alice@gate.example:1085 (line 1)");
        variables.put("SOCKS_SERVER", "gate.example:99999");
        Run run = explain(config, "192.0.2.1");
        assertEquals(ExitStatus.CONFIG, run.status());
        assertEquals("", run.out());
        assertEquals("SOCKS_SERVER: error: bad port '99999' for 'gate.example': expected a number"
                + " from 1 to 65535 (default 1081)" + System.lineSeparator(), run.err());
    }

    @Test
    void checkAndExplainShowSchemeAndUserButNeverThePassword() throws IOException {
        String password = "Tr0ub4dor-launcher-secret";
        variables.put("SOCKS_PASSWORD", password);
        variables.put("SOCKS_USERNAME", "bob");
        Path config = file("deny 10.2.0.0 255.255.0.0 eq 22\n"
                + "sockd @=socks5://alice@fw.example,http://proxy.example:8888,fw2.example ALL\n");

        Run check = run("--config", config.toString(), "--check");
        Run explain = explain(config, "192.0.2.1:80");

        assertEquals(ExitStatus.OK, check.status(), check.err());
        assertEquals(List.of(config + ":1: deny 10.2.0.0 255.255.0.0 eq 22", config + ":2: sockd"
                + " @=socks5://alice@fw.example:1080,http://proxy.example:8888,fw2.example:1080"
                + " 0.0.0.0 0.0.0.0"), check.outLines());
        // the user of an entry is its own; SOCKS_USERNAME is looked up only at connect time
        assertOutput(explain, "192.0.2.1:80 sockd socks5://alice@fw.example:1080,"
                + "http://proxy.example:8888,fw2.example:1080 (line 2)");
        for (Run run : List.of(check, explain)) {
            assertFalse((run.out() + run.err()).contains(password), run.out() + run.err());
        }
    }

    @Test
    void aPasswordWrittenInAServerEntryIsALocatedErrorThatDoesNotRepeatIt() throws IOException {
        Path config = file("sockd @=socks5://alice:Tr0ub4dor@fw.example ALL\n");
        Run run = run("--config", config.toString(), "--check");
        assertEquals(ExitStatus.CONFIG, run.status());
        assertTrue(run.err().startsWith(config + ":1:"), run.err());
        assertFalse((run.out() + run.err()).contains("Tr0ub4dor"), run.err());
    }

    // usage

    @Test
    void noProgramPrintsTheUsageLineAndExitsOne() {
        Run run = run();
        assertEquals(ExitStatus.USAGE, run.status());
        assertEquals("", run.out());
        assertEquals("Usage: pmsocks [path]program [args ...]" + System.lineSeparator(), run.err());
        assertEquals(run.err(), run("--config", "/nonexistent").err());
    }

    @Test
    void optionsAfterTheProgramBelongToTheProgram() throws IOException {
        Path config = file(SPEC_EXAMPLE);
        Path script = executable("tool", "#!/bin/sh\n");
        Run run = runWithHandoff("--config", config.toString(), script.toString(), "--check",
                "--frobnicate");
        assertEquals(ExitStatus.OK, run.status(), run.err());
        assertEquals("", run.out());
        assertTrue(handoff().startsWith("run-tool-options 2\n"), handoff());
    }

    @Test
    void anUnknownOptionIsAUsageErrorNotPicocliTwo() {
        Run run = run("--frobnicate", "ls");
        assertEquals(ExitStatus.USAGE, run.status());
        assertEquals("pmsocks: Unknown option: '--frobnicate' (see 'pmsocks --help')"
                + System.lineSeparator(), run.err());
        assertEquals(ExitStatus.USAGE, run("--explain").status());
    }

    @Test
    void userWithoutExplainIsAUsageError() {
        Run run = run("--user", "bob", "--check");
        assertEquals(ExitStatus.USAGE, run.status());
        assertEquals("pmsocks: --user applies to --explain only (see 'pmsocks --help')"
                + System.lineSeparator(), run.err());
    }

    @Test
    void checkWithAProgramIsAUsageError() throws IOException {
        Run run = run("--config", file(SPEC_EXAMPLE).toString(), "--check", "ls");
        assertEquals(ExitStatus.USAGE, run.status());
        assertEquals("", run.out());
        assertEquals("pmsocks: --check, --explain, --probe and --attach do not run a program:"
                + " leave out 'ls' or the option (see 'pmsocks --help')" + System.lineSeparator(),
                run.err());
    }

    // running a program: the plan handed to bin/pmsocks

    @Test
    void javaGetsTheAgentOnItsCommandLineWithTheCheckedFile() throws IOException {
        Path config = file(SPEC_EXAMPLE);
        Path java = executable("java", "#!/bin/sh\n");
        Run run = runWithHandoff("--config", config.toString(), java.toString(), "-version");
        assertEquals(ExitStatus.OK, run.status(), run.err());
        assertEquals("", run.err());
        assertEquals("", run.out());
        assertEquals("run-java 2\n" + agent() + "=config=" + config + "\nkeep\n", handoff());
    }

    @Test
    void aScriptGetsTheAgentInJavaToolOptionsWithoutANotice() throws IOException {
        variables.put("PMSOCKS_CONFIG", file(SPEC_EXAMPLE).toString());
        Path script = executable("client", "#!/bin/sh\nexec java -jar client.jar\n");
        Run run = runWithHandoff(script.toString(), "a b");
        assertEquals(ExitStatus.OK, run.status(), run.err());
        assertEquals("", run.err());
        assertEquals("run-tool-options 0\nset " + agent() + "=config="
                + variables.get("PMSOCKS_CONFIG") + "\n", handoff());
    }

    @Test
    void aNativeProgramRunsAfterOneNotice() throws IOException {
        Path config = file(SPEC_EXAMPLE);
        Path elf = Files.copy(Path.of("/bin/true"), directory.resolve("pminfo"));
        Run run = runWithHandoff("--config=" + config, elf.toString(), "-f");
        assertEquals(ExitStatus.OK, run.status(), run.err());
        assertEquals("pmsocks: " + elf + " is a native program, not java: its own connections are"
                + " not routed (Java programs it starts get the agent through JAVA_TOOL_OPTIONS)"
                + System.lineSeparator(), run.err());
        assertTrue(handoff().startsWith("run-tool-options 1\n"), handoff());
    }

    @Test
    void aProgramIsLookedUpOnPathPassingOverWhatCannotBeExecuted() throws IOException {
        Path first = Files.createDirectories(directory.resolve("first"));
        Path second = Files.createDirectories(directory.resolve("second"));
        Files.writeString(first.resolve("java"), "not executable");
        Files.writeString(second.resolve("java"), "#!/bin/sh\n").toFile().setExecutable(true);
        variables.put("PATH", first + ":" + second);
        Path config = file(SPEC_EXAMPLE);
        Run run = runWithHandoff("--config", config.toString(), "--", "java", "-jar", "x.jar");
        assertEquals(ExitStatus.OK, run.status(), run.err());
        assertTrue(handoff().startsWith("run-java 3\n"), handoff());
    }

    @Test
    void aProgramNotFoundIs127AndNotExecutable126() throws IOException {
        Path config = file(SPEC_EXAMPLE);
        variables.put("PATH", directory.toString());
        Files.writeString(directory.resolve("plain"), "text");
        Run missing = runWithHandoff("--config", config.toString(), "no-such-program");
        assertEquals(ExitStatus.NOT_FOUND, missing.status());
        assertEquals("pmsocks: no-such-program: command not found" + System.lineSeparator(),
                missing.err());
        Run noPath = runWithHandoff("--config", config.toString(), directory + "/nothing");
        assertEquals(ExitStatus.NOT_FOUND, noPath.status());
        assertEquals("pmsocks: " + directory + "/nothing: no such file" + System.lineSeparator(),
                noPath.err());
        Run plain = runWithHandoff("--config", config.toString(), "plain");
        assertEquals(ExitStatus.NOT_EXECUTABLE, plain.status());
        assertEquals("pmsocks: plain: " + directory.resolve("plain") + " is not executable"
                + System.lineSeparator(), plain.err());
        Run folder = runWithHandoff("--config", config.toString(), directory.toString() + "/");
        assertEquals(ExitStatus.NOT_EXECUTABLE, folder.status());
        assertEquals("", handoff(), "nothing is handed over");
    }

    @Test
    void aBadConfigurationStopsTheProgramBeforeItIsLookedFor() throws IOException {
        Path config = file("direct 300.1.1.1 255.255.255.255\n");
        Run run = runWithHandoff("--config", config.toString(), "no-such-program");
        assertEquals(ExitStatus.CONFIG, run.status());
        assertTrue(run.err().startsWith(config + ":1:8: error: "), run.err());
        assertEquals("", handoff());
    }

    @Test
    void warningsAreLeftToTheAgentOfTheProgramSoTheyAppearOnce() throws IOException {
        Path config = file("sockd ALL\n");
        Run run = runWithHandoff("--config", config.toString(), executable("java", "").toString());
        assertEquals(ExitStatus.OK, run.status());
        assertEquals("", run.err());
        assertTrue(handoff().startsWith("run-java "), handoff());
        Run check = run("--config", config.toString(), "--check");
        assertTrue(check.err().startsWith(config + ":1:1: warning: sockd rule without a server"),
                check.err());
    }

    @Test
    void aConfigurationPathWithBlanksIsQuotedForJavaToolOptions() throws IOException {
        Path folder = Files.createDirectories(directory.resolve("my conf's"));
        Path config = Files.writeString(folder.resolve("pcp socks.conf"), SPEC_EXAMPLE);
        Run run = runWithHandoff("--config", config.toString(), executable("run", "#!/bin/sh\n")
                .toString());
        assertEquals(ExitStatus.OK, run.status(), run.err());
        assertEquals("run-tool-options 2\nset '" + agent() + "=config=" + directory
                + "/my conf'\"'\"'s/pcp socks.conf'\n", handoff());
    }

    @Test
    void aConfigurationPathWithACommaIsRefused() throws IOException {
        Path config = Files.writeString(directory.resolve("a,b.conf"), SPEC_EXAMPLE);
        Run run = runWithHandoff("--config", config.toString(), executable("java", "").toString());
        assertEquals(ExitStatus.CONFIG, run.status());
        assertEquals(config + ": error: '" + config + "' contains a comma, which the Java agent's"
                + " options cannot carry; name the file by a path without one (a symbolic link will"
                + " do)" + System.lineSeparator(), run.err());
        assertEquals("", handoff());
    }

    @Test
    void aRelativeConfigurationIsPassedOnAbsolute() throws IOException {
        Path config = file(SPEC_EXAMPLE);
        Path relative = Path.of("").toAbsolutePath().relativize(config);
        Run run = runWithHandoff("--config", relative.toString(), executable("java", "").toString());
        assertEquals(ExitStatus.OK, run.status(), run.err());
        // absolute, but not normalised: ".." after a symbolic link means what the kernel says
        assertTrue(handoff().contains("=config=" + Path.of("").toAbsolutePath().resolve(relative)
                + "\n"), handoff());
    }

    @Test
    void withoutBinPmsocksNoProgramIsRun() throws IOException {
        Path config = file(SPEC_EXAMPLE);
        home = directory;
        Run run = run("--config", config.toString(), "/bin/true");
        assertEquals(ExitStatus.INSTALLATION, run.status());
        assertTrue(run.err().startsWith("pmsocks: the distribution is incomplete: "), run.err());
    }

    // --probe

    @Test
    void probeHandsOverAJvmWithTheAgentInDebugModeAndTheProbe() throws IOException {
        Path config = file(SPEC_EXAMPLE);
        Run run = runWithHandoff("--config", config.toString(), "--probe", "192.0.2.1:80");
        assertEquals(ExitStatus.OK, run.status(), run.err());
        assertEquals(String.join("\n", "exec-java", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                agent() + "=config=" + config + ",debug", "-cp",
                home.resolve("lib/pmsocks-launcher.jar").toString(),
                "io.pmsocks.launcher.ProbeMain", "192.0.2.1", "80", "10000", ""), handoff());
    }

    @Test
    void probeOfAPmcdPortLeavesTheTimeoutToTheAgent() throws IOException {
        Path config = file(SPEC_EXAMPLE);
        Run run = runWithHandoff("--config", config.toString(), "--probe", "[2001:db8::7]");
        assertEquals(ExitStatus.OK, run.status(), run.err());
        assertTrue(handoff().endsWith("\n2001:db8::7\n44321\n0\n"), handoff());
    }

    @Test
    void probeAndAttachGoAlone() throws IOException {
        assertEquals(ExitStatus.USAGE, run("--probe", "h", "--attach", "1").status());
        assertEquals(ExitStatus.USAGE, run("--probe", "h", "ls").status());
        assertEquals(ExitStatus.USAGE, run("--attach", "x").status());
    }

    // --attach (the attach itself is tested against a real JVM by the distribution's tests)

    @Test
    void attachToAProcessThatIsNotAJvmIsRefusedBeforeSignallingIt() throws Exception {
        Path config = file(SPEC_EXAMPLE);
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            Run run = runWithHandoff("--config", config.toString(), "--attach",
                    Long.toString(sleep.pid()));
            assertEquals(ExitStatus.ATTACH_FAILED, run.status());
            assertEquals("pmsocks: process " + sleep.pid() + " (sleep) is not a Java virtual"
                    + " machine" + System.lineSeparator(), run.err());
            assertTrue(sleep.isAlive(), "the process must not have been signalled");
        } finally {
            sleep.destroy();
        }
    }

    @Test
    void attachToNoProcessSaysSo() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        Run run = runWithHandoff("--config", file(SPEC_EXAMPLE).toString(), "--attach",
                Long.toString(done.pid()));
        assertEquals(ExitStatus.ATTACH_FAILED, run.status());
        assertEquals("pmsocks: no process with PID " + done.pid() + System.lineSeparator(),
                run.err());
    }

    @Test
    void attachChecksTheConfigurationFirst() throws IOException {
        Run run = runWithHandoff("--config", directory.resolve("missing.conf").toString(),
                "--attach", Long.toString(ProcessHandle.current().pid()));
        assertEquals(ExitStatus.CONFIG, run.status());
    }

    @Test
    void attachPassesTheSettingsOfItsOwnEnvironment() throws Exception {
        variables.put("SOCKS_SERVER", "fw.example");
        variables.put("PMCD_PORT", "44321,4321");
        variables.put("SOCKS_BANNER", "");
        variables.put("SOCKS_DEBUG", "/tmp/debug.log");
        variables.put("PATH", "/usr/bin");
        Path config = file(SPEC_EXAMPLE);
        AgentArgument agent = AgentArgument.of(Path.of("/opt/pmsocks/lib/pmsocks-agent.jar"),
                config, PmsocksCommand.attachOptions(variables));
        assertEquals("config=" + config + ",server=fw.example,debug=/tmp/debug.log,banner,"
                + "pmcd_port=44321:4321", agent.optionText());
    }

    @Test
    void attachPassesTheUserNameButNeverThePassword() throws Exception {
        variables.put("SOCKS_SERVER", "socks5://gw.example");
        variables.put("SOCKS_USERNAME", "alice");
        variables.put("SOCKS_PASSWORD", "Tr0ub4dor-attach-secret");
        variables.put("PMSOCKS_CREDENTIALS", "/home/alice/.pmsocks-credentials");
        Path config = file(SPEC_EXAMPLE);
        AgentArgument agent = AgentArgument.of(Path.of("/opt/pmsocks/lib/pmsocks-agent.jar"),
                config, PmsocksCommand.attachOptions(variables));
        assertEquals("config=" + config + ",server=socks5://gw.example,username=alice,"
                + "credentials=/home/alice/.pmsocks-credentials", agent.optionText());
    }

    // what each failure prints, and its status

    @Test
    void anUnexpectedExceptionIsOnePmsocksLineAndTheInternalStatus() throws IOException {
        Run run = explain(file(SPEC_EXAMPLE), "bug.example");
        assertEquals(ExitStatus.INTERNAL, run.status());
        assertEquals("", run.out());
        assertEquals("pmsocks: internal error, nothing was started:"
                + " java.lang.IllegalStateException: a bug\\nin two lines"
                + System.lineSeparator(), run.err());
    }

    @Test
    void aConfigurationPathThatIsNoFileNameIsALocatedConfigurationError() {
        // A NUL, like a non-ASCII name under LANG=C, has no file name: Path.of refuses it.
        Run option = run("--config", "/etc/a\0b.conf", "--check");
        assertEquals(ExitStatus.CONFIG, option.status());
        assertTrue(option.err().startsWith("--config: error: "), option.err());
        assertEquals(1, option.err().lines().count(), option.err());
        variables.put("PMSOCKS_CONFIG", "/etc/a\0b.conf");
        Run environment = run("--check");
        assertEquals(ExitStatus.CONFIG, environment.status());
        assertTrue(environment.err().startsWith("PMSOCKS_CONFIG: error: "), environment.err());
    }

    @Test
    void explainOfASockdRuleWithoutAServerSaysSoAsHelpDocumentsIt() throws IOException {
        Path config = file("sockd 0.0.0.0 0.0.0.0\n");
        Run run = explain(config, "192.0.2.1:80");
        assertEquals(ExitStatus.OK, run.status());
        assertEquals("192.0.2.1:80 sockd (no server: set SOCKS_SERVER or add @=) (line 1)"
                + System.lineSeparator(), run.out());
        assertTrue(run.err().startsWith(config + ":1:1: warning: sockd rule without a server"),
                run.err());
        String help = run("--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("prints sockd (no server: set SOCKS_SERVER or add @=) (line N),"
                + " after the file's warning"), help);
    }

    // SOCKS_DEBUG

    @Test
    void debugLinesToAFileAreAppendedInTheAgentsFormatToAFileOfTheOwnerOnly()
            throws IOException {
        Path log = directory.resolve("debug.log");
        variables.put("SOCKS_DEBUG", log.toString());
        Path config = file(SPEC_EXAMPLE);
        assertEquals(ExitStatus.OK, explain(config, "10.2.0.7").status());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(log)));
        long firstRun = Files.readAllLines(log).size();
        assertTrue(firstRun > 0);
        assertEquals(ExitStatus.OK, explain(config, "10.2.0.8").status());
        List<String> lines = Files.readAllLines(log);
        assertEquals(2 * firstRun, lines.size(), "both runs' lines: " + lines);
        assertTrue(lines.stream().allMatch(line -> line.startsWith("[pmsocks] ")
                && !line.startsWith("[pmsocks] DEBUG")), lines.toString());
        assertTrue(lines.stream().anyMatch(line -> line.contains("10.2.0.7")), lines.toString());
        assertTrue(lines.stream().anyMatch(line -> line.contains("10.2.0.8")), lines.toString());
    }

    @Test
    void aSymbolicLinkAtTheDebugFileIsNotFollowed() throws IOException {
        Path target = Files.writeString(directory.resolve("target"), "");
        Path link = Files.createSymbolicLink(directory.resolve("debug.log"), target);
        variables.put("SOCKS_DEBUG", link.toString());
        Run run = explain(file(SPEC_EXAMPLE), "10.2.0.7");
        assertEquals(ExitStatus.OK, run.status());
        assertEquals("", Files.readString(target), "nothing written through the link");
        List<String> err = run.err().lines().toList();
        assertEquals("pmsocks: cannot append debug lines to " + link + " (a symbolic link, which"
                + " pmsocks does not follow for its debug lines: name the file itself); they go"
                + " to stderr", err.get(0));
        assertTrue(err.size() > 1 && err.get(1).startsWith("[pmsocks] "), run.err());
    }

    // JAVA_TOOL_OPTIONS that already hold a pmsocks agent

    @Test
    void anEarlierPmsocksAgentInJavaToolOptionsIsReplacedForAScript() throws IOException {
        variables.put(LaunchEnvironment.PROGRAM_TOOL_OPTIONS,
                "-Xss1m -javaagent:/opt/pmsocks/lib/pmsocks-agent.jar=config=/etc/old.conf");
        Path config = file(SPEC_EXAMPLE);
        Run run = runWithHandoff("--config", config.toString(), executable("client",
                "#!/bin/sh\n").toString());
        assertEquals(ExitStatus.OK, run.status(), run.err());
        assertEquals("run-tool-options 2\nset -Xss1m " + agent() + "=config=" + config + "\n",
                handoff());
    }

    @Test
    void anEarlierPmsocksAgentInJavaToolOptionsIsTakenOutForJava() throws IOException {
        Path config = file(SPEC_EXAMPLE);
        Path java = executable("java", "#!/bin/sh\n");
        variables.put(LaunchEnvironment.PROGRAM_TOOL_OPTIONS,
                "-javaagent:/opt/pmsocks/lib/pmsocks-agent.jar=config=/etc/old.conf");
        runWithHandoff("--config", config.toString(), java.toString());
        assertEquals("run-java 2\n" + agent() + "=config=" + config + "\nunset\n", handoff());
        variables.put(LaunchEnvironment.PROGRAM_TOOL_OPTIONS, "-Xss1m '-javaagent:/old"
                + " dir/pmsocks-agent.jar'");
        runWithHandoff("--config", config.toString(), java.toString());
        assertEquals("run-java 2\n" + agent() + "=config=" + config + "\nset -Xss1m\n",
                handoff());
        variables.put(LaunchEnvironment.PROGRAM_TOOL_OPTIONS, "-Xss1m");
        runWithHandoff("--config", config.toString(), java.toString());
        assertEquals("run-java 2\n" + agent() + "=config=" + config + "\nkeep\n", handoff());
    }

    // programs on Java runtimes of every kind

    @Test
    void aJvmLauncherOtherThanJavaGetsTheAgentWithoutTheNativeNotice() throws IOException {
        Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
        Run run = runWithHandoff("--config", file(SPEC_EXAMPLE).toString(), jshell.toString());
        assertEquals(ExitStatus.OK, run.status(), run.err());
        assertEquals("", run.err());
        assertTrue(handoff().startsWith("run-tool-options 2\nset " + agent()), handoff());
    }

    @Test
    void aJavaWhoseRuntimeLacksJavaInstrumentIsRefused() throws IOException {
        Path image = Files.createDirectories(directory.resolve("image/bin")).getParent();
        Files.writeString(image.resolve("release"),
                "JAVA_VERSION=\"17.0.15\"\nMODULES=\"java.base java.logging\"\n");
        Path java = Files.copy(Path.of("/bin/true"), image.resolve("bin/java"));
        Run run = runWithHandoff("--config", file(SPEC_EXAMPLE).toString(), java.toString());
        assertEquals(ExitStatus.JAVA_RUNTIME, run.status());
        assertTrue(run.err().startsWith("pmsocks: " + java + " runs on the Java runtime " + image
                + ", an image without the java.instrument module"), run.err());
        assertEquals("", handoff());
    }

    @Test
    void aJavaOlderThan17IsRefused() throws IOException {
        Path jdk = Files.createDirectories(directory.resolve("jdk8/bin")).getParent();
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"1.8.0_412\"\n");
        Path java = Files.copy(Path.of("/bin/true"), jdk.resolve("bin/java"));
        Run run = runWithHandoff("--config", file(SPEC_EXAMPLE).toString(), java.toString());
        assertEquals(ExitStatus.JAVA_RUNTIME, run.status());
        assertEquals("pmsocks: " + java + " runs on Java 1.8.0_412 (" + jdk + "), but the Java"
                + " agent needs Java 17 or newer" + System.lineSeparator(), run.err());
    }

    // help and version

    @Test
    void helpShowsTheSynopsisOptionsAndExitStatuses() {
        Run run = run("--help");
        assertEquals(ExitStatus.OK, run.status());
        assertEquals("", run.err());
        List<String> lines = run.outLines();
        assertEquals("Usage: pmsocks [--config FILE] [path]program [args ...]", lines.get(0));
        for (String option : List.of("--config=FILE", "--check", "--explain=HOST[:PORT]",
                "--user=NAME", "--probe=HOST[:PORT]", "--attach=PID", "--help", "--version")) {
            assertTrue(run.out().contains(option), option);
        }
        int heading = lines.indexOf("Exit status");
        assertTrue(heading > 0, run.out());
        List<String> statuses = lines.subList(heading + 1, lines.size()).stream()
                .filter(line -> line.matches("  \\S.*"))
                .map(line -> line.trim().split(" +", 2)[0])
                .takeWhile(status -> status.matches("[0-9N]+"))
                .toList();
        assertEquals(List.of("0", "N", "1", "2", "3", "4", "5", "6", "70", "126", "127"),
                statuses);
        assertTrue(run.out().contains("PMSOCKS_CONFIG"));
    }

    @Test
    void versionNamesTheBuiltVersionAndTheJavaRuntime() {
        Run run = run("--version");
        assertEquals(ExitStatus.OK, run.status());
        List<String> lines = run.outLines();
        assertEquals("pmsocks " + System.getProperty("pmsocks.expectedVersion"), lines.get(0));
        assertTrue(lines.get(1).startsWith("Java " + System.getProperty("java.version") + " ("),
                lines.get(1));
    }

    private static String[] concat(String first, String second, String[] rest) {
        String[] all = new String[rest.length + 2];
        all[0] = first;
        all[1] = second;
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }
}
