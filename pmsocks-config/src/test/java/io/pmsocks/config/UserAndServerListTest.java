package io.pmsocks.config;

import static io.pmsocks.config.Configs.load;
import static io.pmsocks.config.Configs.onlyRule;
import static io.pmsocks.config.Configs.to;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code *=userlist} (names and files) and {@code @=serverlist} (ports, order, IPv6). */
class UserAndServerListTest {

    @TempDir
    Path dir;

    @Test
    void namesOnTheLineAreComparedCaseSensitively() throws ConfigException {
        RuleSet rules = load("direct *=alice,Bob 10.0.0.0 255.0.0.0\ndeny ALL\n");
        Destination inside = to("10.1.1.1", 44321);
        assertEquals("direct (line 1)", Configs.explain(rules, inside, "alice"));
        assertEquals("direct (line 1)", Configs.explain(rules, inside, "Bob"));
        assertEquals("deny (line 2)", Configs.explain(rules, inside, "bob"));
        assertEquals("deny (line 2)", Configs.explain(rules, inside, "Alice"));
        assertEquals("deny (line 2)", Configs.explain(rules, inside, "mallory"));
    }

    @Test
    void starEqualsAloneMatchesEveryone() throws ConfigException {
        Rule rule = onlyRule("direct *= ALL");
        assertEquals(List.of(), rule.users().written());
        assertTrue(rule.users().matches("anyone"));
        assertTrue(rule.users().matches("root"));
        assertEquals("direct *= 0.0.0.0 0.0.0.0", rule.toString());
    }

    @Test
    void filesHoldNamesSeparatedByBlanksCommasAndNewlines() throws Exception {
        Path staff = write("staff", "alice bob,carol\n\tdave\n\n# former staff:\neve # gone\n");
        Path ops = write("ops", "root");
        RuleSet rules = load("direct *=" + staff + ",frank," + ops + " 10.0.0.0 255.0.0.0\n"
                + "deny ALL\n");
        Rule rule = rules.rules().get(0);
        assertEquals(List.of(staff.toString(), "frank", ops.toString()), rule.users().written());
        assertEquals(Set.of("alice", "bob", "carol", "dave", "eve", "frank", "root"),
                rule.users().users());
        for (String user : List.of("alice", "carol", "dave", "eve", "frank", "root")) {
            assertEquals("direct (line 1)", Configs.explain(rules, to("10.0.0.1", 22), user));
        }
        assertEquals("deny (line 2)", Configs.explain(rules, to("10.0.0.1", 22), "gone"));
        assertEquals("deny (line 2)", Configs.explain(rules, to("10.0.0.1", 22), "#"));
        assertTrue(rules.warnings().isEmpty(), rules.warnings().toString());
    }

    @Test
    void theFileIsReadWhenTheConfigurationIsLoaded() throws Exception {
        Path staff = write("staff", "alice");
        RuleSet rules = load("direct *=" + staff + " ALL\n");
        Files.writeString(staff, "bob");
        assertTrue(rules.rules().get(0).users().matches("alice"));
        assertFalse(rules.rules().get(0).users().matches("bob"));
    }

    @Test
    void anUnreadableFileIsAWarningAndMatchesNobody() throws ConfigException {
        Path missing = dir.resolve("no-such-list");
        String line = "direct *=" + missing + " ALL";
        RuleSet rules = load(line + "\ndeny ALL\n");
        assertEquals(List.of(Configs.SOURCE + ":1:10: warning: cannot read the user list file "
                        + missing + " (no such file); it matches nobody"),
                rules.warnings().stream().map(Diagnostic::toString).toList());
        assertEquals("deny (line 2)", Configs.explain(rules, to("192.0.2.1", 80), "alice"));
        assertFalse(rules.rules().get(0).users().matches(""));
    }

    @Test
    void aDirectoryIsUnreadableToo() throws ConfigException {
        RuleSet rules = load("direct *=alice," + dir + " ALL\n");
        assertEquals(List.of(Configs.SOURCE + ":1:16: warning: cannot read the user list file "
                        + dir + " (is a directory); it matches nobody"),
                rules.warnings().stream().map(Diagnostic::toString).toList());
        assertTrue(rules.rules().get(0).users().matches("alice"));
    }

    @Test
    void aFileWithoutNamesIsReported() throws Exception {
        Path empty = write("empty", "# nobody yet\n\n");
        RuleSet rules = load("deny *=" + empty + " ALL\n");
        assertEquals(List.of(Configs.SOURCE + ":1:8: warning: the user list file " + empty
                        + " names no users; it matches nobody"),
                rules.warnings().stream().map(Diagnostic::toString).toList());
        assertFalse(rules.rules().get(0).users().matches("alice"));
    }

    @Test
    void aRelativePathIsJustAUserName() throws ConfigException {
        Rule rule = onlyRule("direct *=etc/users ALL");
        assertEquals(Set.of("etc/users"), rule.users().users());
        assertTrue(rule.users().matches("etc/users"));
        assertFalse(rule.users().matches("alice"));
    }

    @Test
    void serversKeepTheirOrderAndDefaultToPort1080() throws ConfigException {
        Rule rule = onlyRule("sockd @=fw1,fw2:1081,192.0.2.9:9050,[2001:db8::1]:1082,[::1] ALL");
        assertEquals(List.of(new SocksServer("fw1", 1080), new SocksServer("fw2", 1081),
                        new SocksServer("192.0.2.9", 9050), new SocksServer("2001:db8::1", 1082),
                        new SocksServer("::1", SocksServer.DEFAULT_PORT)),
                rule.servers());
    }

    @Test
    void aListMixesSchemesAndUsersAndCheckAndExplainShowThem() throws ConfigException {
        RuleSet rules = load("sockd @=socks5://alice@fw:1081,socks4a://fw2,"
                + "HTTP://[2001:db8::3]:3128,socks5h://fw4 ALL\n");
        Rule rule = rules.rules().get(0);
        assertEquals(List.of(new SocksServer(ProxyScheme.SOCKS5, "alice", "fw", 1081),
                        new SocksServer("fw2", 1080),
                        new SocksServer(ProxyScheme.HTTP, null, "2001:db8::3", 3128),
                        new SocksServer(ProxyScheme.SOCKS5H, null, "fw4", 1080)),
                rule.servers());
        assertEquals("sockd @=socks5://alice@fw:1081,fw2:1080,http://[2001:db8::3]:3128,"
                + "socks5h://fw4:1080 0.0.0.0 0.0.0.0", rule.toString());
        assertEquals("sockd socks5://alice@fw:1081,fw2:1080,http://[2001:db8::3]:3128,"
                + "socks5h://fw4:1080 (line 1)", Configs.explain(rules, "192.0.2.1", 44321));
    }

    @Test
    void serverNamesAreNotResolvedAtLoad() throws ConfigException {
        FakeResolver resolver = new FakeResolver();
        load(resolver, "sockd @=fw.example.com:1081,backup-fw ALL\n");
        assertEquals(List.of(), resolver.lookups);
    }

    @Test
    void theDecisionListsTheRuleServersInFailoverOrderElseTheDefault() throws ConfigException {
        RuleSet rules = load("sockd @=fw2:1081,fw3 10.0.0.0 255.0.0.0\nsockd ALL\n");
        Decision viaRule = rules.decide(to("10.9.9.9", 44321), "alice");
        assertEquals(List.of(new SocksServer("fw2", 1081), new SocksServer("fw3", 1080)),
                ((Decision.Sockd) viaRule).servers());
        assertEquals("sockd fw2:1081,fw3:1080 (line 1)", viaRule.explain());
        assertEquals("sockd fw:1080 (line 2)", Configs.explain(rules, "192.0.2.1", 44321));
    }

    @Test
    void aSockdRuleWithNoServerAnywhereIsAWarning() throws ConfigException {
        RuleSet rules = Configs.loader(new FakeResolver())
                .load(Configs.SOURCE, "direct 10.0.0.0/8\nsockd ALL\n", null);
        assertEquals(List.of(Configs.SOURCE + ":2:1: warning: sockd rule without a server:"
                        + " set SOCKS_SERVER or add @=host[:port]"),
                rules.warnings().stream().map(Diagnostic::toString).toList());
        assertEquals("sockd (no server: set SOCKS_SERVER or add @=) (line 2)",
                Configs.explain(rules, "192.0.2.1", 44321));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
