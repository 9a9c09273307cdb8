package io.pmsocks.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /** Names the tests may resolve; anything else does not resolve. */
    private final HostResolver resolver = new HostResolver() {
        @Override
        public List<InetAddress> resolve(String name) throws UnknownHostException {
            switch (name) {
                case "db.example": return List.of(InetAddress.getByName("10.2.0.9"));
                case "testhost": return List.of(InetAddress.getByName("192.0.2.50"));
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
                + " with mask 0.0.0.0 can match it" + System.lineSeparator(), run.err());
        assertEquals(ExitStatus.OK, run.status());
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
                + " address (see 'pmsocks --help')" + System.lineSeparator(), run.err());
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
    void aProgramIsNotYetRunAndTheCommandSaysSo() {
        Run run = run("date", "+%a %b %e %Y");
        assertEquals(ExitStatus.USAGE, run.status());
        assertEquals("pmsocks: running a program is not yet supported by this version; use --check"
                + " or --explain" + System.lineSeparator(), run.err());
    }

    @Test
    void optionsAfterTheProgramBelongToTheProgram() {
        Run run = run("ls", "--check", "--frobnicate");
        assertEquals(ExitStatus.USAGE, run.status());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("pmsocks: running a program is not yet supported"),
                run.err());
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
        assertEquals("pmsocks: --check and --explain do not run a program: leave out 'ls' or the"
                + " option (see 'pmsocks --help')" + System.lineSeparator(), run.err());
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
                "--user=NAME", "--help", "--version")) {
            assertTrue(run.out().contains(option), option);
        }
        int heading = lines.indexOf("Exit status:");
        assertTrue(heading > 0, run.out());
        List<String> statuses = lines.subList(heading + 1, heading + 7).stream()
                .map(line -> line.trim().split(" +", 2)[0]).toList();
        assertEquals(List.of("0", "N", "1", "2", "126", "127"), statuses);
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
