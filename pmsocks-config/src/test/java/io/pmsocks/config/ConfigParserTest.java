package io.pmsocks.config;

import static io.pmsocks.config.Configs.ipv4;
import static io.pmsocks.config.Configs.load;
import static io.pmsocks.config.Configs.onlyRule;
import static io.pmsocks.config.Configs.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What each accepted form of a line turns into. */
class ConfigParserTest {

    @Test
    void plainAddressAndMask() throws ConfigException {
        Rule rule = onlyRule("direct 10.2.0.0 255.255.0.0\n");
        assertEquals(Action.DIRECT, rule.action());
        assertEquals(new AddressPattern.Ipv4Masked(ipv4("10.2.0.0"), ipv4("255.255.0.0")),
                rule.address());
        assertEquals(Configs.SOURCE, rule.source());
        assertEquals(1, rule.line());
        assertNull(rule.port());
        assertNull(rule.users());
        assertTrue(rule.servers().isEmpty());
        assertNull(rule.shellCommand());
    }

    @ParameterizedTest
    @CsvSource({"DIRECT,DIRECT", "Deny,DENY", "SoCkD,SOCKD", "sockd,SOCKD", "deny,DENY"})
    void keywordsAreCaseInsensitive(String keyword, Action expected) throws ConfigException {
        assertEquals(expected, onlyRule(keyword + " 10.0.0.0 255.0.0.0").action());
    }

    @Test
    void lineNumbersCountBlankAndCommentLines() throws ConfigException {
        RuleSet rules = load("# header\n\n   \t\ndirect 10.0.0.0 255.0.0.0\n# more\ndeny ALL\n");
        assertEquals(List.of(4, 6), rules.rules().stream().map(Rule::line).toList());
    }

    @Test
    void hostBitsOutsideTheMaskAreIgnored() throws ConfigException {
        Rule rule = onlyRule("direct 10.2.3.4 255.255.0.0");
        assertEquals(new AddressPattern.Ipv4Masked(ipv4("10.2.0.0"), ipv4("255.255.0.0")),
                rule.address());
    }

    @Test
    void masksNeedNotBeContiguous() throws ConfigException {
        RuleSet rules = load("direct 10.0.7.0 255.0.255.0\n");
        assertEquals("direct (line 1)", Configs.explain(rules, "10.99.7.1", 80));
        assertEquals("deny (no rule)", Configs.explain(rules, "10.99.8.1", 80));
        assertEquals("deny (no rule)", Configs.explain(rules, "11.99.7.1", 80));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ALL", "all", "All"})
    void allMeansEverythingWithoutAMask(String all) throws ConfigException {
        assertEquals(new AddressPattern.Ipv4Masked(0, 0), onlyRule("sockd " + all).address());
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.0/8,10.0.0.0,255.0.0.0", "192.168.1.77/24,192.168.1.0,255.255.255.0",
            "10.1.2.3/32,10.1.2.3,255.255.255.255", "0.0.0.0/0,0.0.0.0,0.0.0.0",
            "172.16.0.0/12,172.16.0.0,255.240.0.0"})
    void cidrWithoutMask(String cidr, String address, String mask) throws ConfigException {
        assertEquals(new AddressPattern.Ipv4Masked(ipv4(address), ipv4(mask)),
                onlyRule("direct " + cidr).address());
    }

    @ParameterizedTest
    @CsvSource({"2001:db8::/32,2001:db8:0:0:0:0:0:0,32", "::/0,::,0",
            "2001:DB8:1:2::ff/128,2001:db8:1:2::ff,128", "fe80::/10,fe80::,10"})
    void ipv6Prefixes(String written, String prefix, int bits) throws ConfigException {
        AddressPattern expected = new AddressPattern.Ipv6Prefix(
                Configs.address(prefix).getAddress(), bits);
        assertEquals(expected, onlyRule("direct " + written).address());
    }

    @Test
    void ipv4MappedPrefixIsTheIpv4NetworkItMaps() throws ConfigException {
        assertEquals(new AddressPattern.Ipv4Masked(ipv4("10.0.0.0"), ipv4("255.0.0.0")),
                onlyRule("direct ::ffff:10.0.0.0/104").address());
    }

    @Test
    void domainSuffixIsLowerCasedAndNeverResolved() throws ConfigException {
        HostResolver noDns = new HostResolver() {
            @Override
            public List<InetAddress> resolve(String name) {
                return fail("a .domain rule must not be resolved, but '" + name + "' was");
            }

            @Override
            public String localHostName() {
                return fail("LOCALHOSTNAME was not written");
            }
        };
        RuleSet rules = load(noDns, "deny .Example.COM.\nsockd .corp.example.org eq 80\n");
        assertEquals(new AddressPattern.DomainSuffix(".example.com"), rules.rules().get(0).address());
        assertEquals(new AddressPattern.DomainSuffix(".corp.example.org"),
                rules.rules().get(1).address());
    }

    @Test
    void hostNameCoversEveryAddressItResolvesTo() throws ConfigException {
        FakeResolver resolver = new FakeResolver().with("pmcd-host", "192.0.2.10", "198.51.100.7");
        Rule rule = onlyRule(resolver, "direct pmcd-host 255.255.255.255");
        assertEquals(new AddressPattern.HostAddresses("pmcd-host",
                List.of(Configs.address("192.0.2.10"), Configs.address("198.51.100.7")), -1),
                rule.address());
        assertEquals(List.of("pmcd-host"), resolver.lookups);
    }

    @Test
    void localHostNameIsReplacedByThisHostsNameThenResolved() throws ConfigException {
        FakeResolver resolver = new FakeResolver().localHostName("build7.example.com")
                .with("build7.example.com", "192.0.2.77");
        RuleSet rules = load(resolver, "direct LOCALHOSTNAME 255.255.255.255\ndeny ALL\n");
        assertEquals(List.of("build7.example.com"), resolver.lookups);
        assertEquals("direct build7.example.com 255.255.255.255",
                rules.rules().get(0).toString());
        assertEquals("direct (line 1)", Configs.explain(rules, "192.0.2.77", 44321));
        assertEquals("deny (line 2)", Configs.explain(rules, "192.0.2.78", 44321));
    }

    @Test
    void portConditionWithNumberOrServiceName() throws ConfigException {
        RuleSet rules = load("deny ALL eq 22\ndirect ALL NEQ http\nsockd ALL le www\n"
                + "sockd ALL ge 0\nsockd ALL lt 65535\n");
        assertEquals(List.of(new PortCondition(PortCondition.Operator.EQ, 22),
                        new PortCondition(PortCondition.Operator.NEQ, 80),
                        new PortCondition(PortCondition.Operator.LE, 80),
                        new PortCondition(PortCondition.Operator.GE, 0),
                        new PortCondition(PortCondition.Operator.LT, 65535)),
                rules.rules().stream().map(Rule::port).toList());
    }

    @Test
    void shellCommandIsTheRestOfTheLineTrimmed() throws ConfigException {
        RuleSet rules = load("deny ALL eq 22 : logger -t pmsocks denied %Z # not a comment  \n"
                + "direct 10.0.0.0 255.0.0.0 :echo glued-to-colon\n"
                + "sockd @=fw:1081 ALL\t:\techo a:b\n");
        assertEquals(List.of("logger -t pmsocks denied %Z # not a comment", "echo glued-to-colon",
                        "echo a:b"),
                rules.rules().stream().map(Rule::shellCommand).toList());
    }

    @Test
    void hashStartsACommentAnywhereBeforeTheCommand() throws ConfigException {
        RuleSet rules = load("direct 10.0.0.0 255.0.0.0#direct on 10/8\n"
                + "deny ALL eq 22 # : not a command\n");
        assertEquals(new AddressPattern.Ipv4Masked(ipv4("10.0.0.0"), ipv4("255.0.0.0")),
                rules.rules().get(0).address());
        assertNull(rules.rules().get(1).shellCommand());
        assertEquals(new PortCondition(PortCondition.Operator.EQ, 22), rules.rules().get(1).port());
    }

    @Test
    void colonInsideAFieldBelongsToIt() throws ConfigException {
        Rule rule = onlyRule("sockd @=fw:1081 2001:db8::/32 : echo %z");
        assertEquals(List.of(new SocksServer("fw", 1081)), rule.servers());
        assertEquals(new AddressPattern.Ipv6Prefix(Configs.address("2001:db8::").getAddress(), 32),
                rule.address());
        assertEquals("echo %z", rule.shellCommand());
    }

    @Test
    void listsComeInEitherOrderAfterSockdAndMayBeGluedToTheKeyword() throws ConfigException {
        RuleSet rules = load("sockd @=fw1,fw2:1081 *=alice,bob 10.0.0.0 255.0.0.0\n"
                + "sockd *=alice,bob @=fw1,fw2:1081 10.0.0.0 255.0.0.0\n"
                + "SOCKD@=fw1,fw2:1081 *=alice,bob 10.0.0.0 255.0.0.0\n"
                + "direct*=alice,bob 10.0.0.0 255.0.0.0\n");
        List<SocksServer> servers = List.of(new SocksServer("fw1", 1080),
                new SocksServer("fw2", 1081));
        for (int i = 0; i < 3; i++) {
            Rule rule = rules.rules().get(i);
            assertEquals(servers, rule.servers(), "line " + rule.line());
            assertEquals(List.of("alice", "bob"), rule.users().written(), "line " + rule.line());
        }
        assertEquals(Action.DIRECT, rules.rules().get(3).action());
        assertEquals(List.of("alice", "bob"), rules.rules().get(3).users().written());
    }

    @Test
    void crlfLineEndingsTabsAndByteOrderMark() throws ConfigException {
        RuleSet rules = load("\uFEFFdirect\t10.0.0.0\t255.0.0.0\r\ndeny ALL eq 22\r\n");
        assertEquals(2, rules.rules().size());
        assertEquals(new PortCondition(PortCondition.Operator.EQ, 22), rules.rules().get(1).port());
    }

    @Test
    void columnsCountATabAsOne() {
        assertEquals(List.of("/etc/pcp_socks.conf:1:13: error: unknown operator 'eqq';"
                        + " expected eq, neq, lt, gt, le or ge"),
                Configs.errors("deny\tALL\t\t\t\teqq 22"));
    }

    @Test
    void canonicalFormForCheck() throws ConfigException {
        RuleSet rules = load("SOCKD *=alice @=fw:1081,[2001:db8::1] 10.2.3.4 255.255.0.0 EQ http"
                + "   :  echo %Z\ndirect .Example.com\ndeny 10.0.0.0/8 lt 1024\n");
        assertEquals(List.of(
                        "sockd @=fw:1081,[2001:db8::1]:1080 *=alice 10.2.0.0 255.255.0.0 eq 80"
                                + " : echo %Z",
                        "direct .example.com",
                        "deny 10.0.0.0 255.0.0.0 lt 1024"),
                rules.rules().stream().map(Rule::toString).toList());
    }

    @Test
    void theShippedDefaultFileLoads() throws Exception {
        String shipped = java.nio.file.Files.readString(
                java.nio.file.Path.of("..", "etc", "pcp_socks.conf"));
        FakeResolver resolver = new FakeResolver().localHostName("myhost")
                .with("myhost", "192.0.2.5");
        RuleSet rules = load(resolver, shipped);
        assertEquals(2, rules.rules().size());
        assertEquals("direct (line " + rules.rules().get(0).line() + ")",
                Configs.explain(rules, "192.0.2.5", 44321));
        assertEquals("sockd fw:1080 (line " + rules.rules().get(1).line() + ")",
                Configs.explain(rules, "198.51.100.1", 44321));
        assertTrue(rules.warnings().isEmpty(), rules.warnings().toString());
    }

    @Test
    void aFileWithoutRulesWarnsThatEverythingIsRefused() {
        ConfigParser.Result result = parse("# nothing yet\n\n");
        assertTrue(result.rules().isEmpty());
        assertEquals(List.of("/etc/pcp_socks.conf: warning: no rules: every connect except to"
                        + " loopback will be refused"),
                result.diagnostics().stream().map(Diagnostic::toString).toList());
    }
}
