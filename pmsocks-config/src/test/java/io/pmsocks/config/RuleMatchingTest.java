package io.pmsocks.config;

import static io.pmsocks.config.Configs.explain;
import static io.pmsocks.config.Configs.load;
import static io.pmsocks.config.Configs.to;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which line decides a connect (SPEC §2 and the --explain examples of §5). */
class RuleMatchingTest {

    private static final HostResolver NO_DNS = new HostResolver() {
        @Override
        public List<InetAddress> resolve(String name) {
            throw new AssertionError("nothing in this file should be resolved, but '" + name
                    + "' was");
        }

        @Override
        public String localHostName() {
            throw new AssertionError("LOCALHOSTNAME was not written");
        }
    };

    @ParameterizedTest(name = "{0} 1024: port {1} matches={2}")
    @CsvSource({
        "lt, 1023, true", "lt, 1024, false", "lt, 1025, false",
        "le, 1023, true", "le, 1024, true", "le, 1025, false",
        "gt, 1023, false", "gt, 1024, false", "gt, 1025, true",
        "ge, 1023, false", "ge, 1024, true", "ge, 1025, true",
        "eq, 1023, false", "eq, 1024, true", "eq, 1025, false",
        "neq, 1023, true", "neq, 1024, false", "neq, 1025, true"})
    void operatorBoundaries(String operator, int port, boolean matches) throws ConfigException {
        RuleSet rules = load("deny 10.0.0.0 255.0.0.0 " + operator + " 1024\ndirect ALL\n");
        assertEquals(matches ? "deny (line 1)" : "direct (line 2)",
                explain(rules, "10.1.2.3", port));
    }

    @Test
    void portZeroAndTheHighestPort() throws ConfigException {
        RuleSet rules = load("deny ALL ge 65535\ndeny ALL le 0\ndirect ALL\n");
        assertEquals("deny (line 1)", explain(rules, "192.0.2.1", 65535));
        assertEquals("deny (line 2)", explain(rules, "192.0.2.1", 0));
        assertEquals("direct (line 3)", explain(rules, "192.0.2.1", 65534));
    }

    @Test
    void theSpecExplainExamples() throws ConfigException {
        RuleSet rules = load("deny 10.2.0.0 255.255.0.0 eq 22\ndirect 10.2.0.0 255.255.0.0\n"
                + "sockd @=fw:1081 ALL\n");
        assertEquals("deny (line 1)", explain(rules, "10.2.0.7", 22));
        assertEquals("direct (line 2)", explain(rules, "10.2.0.7", 44321));
        assertEquals("sockd fw:1081 (line 3)", explain(rules, "192.0.2.1", 80));
        assertEquals("direct (loopback)", explain(rules, "127.0.0.1", 44321));
    }

    @Test
    void theFirstMatchingLineWinsNotTheMostSpecific() throws ConfigException {
        RuleSet rules = load("sockd 10.0.0.0 255.0.0.0\ndirect 10.1.0.0 255.255.0.0\n"
                + "deny 10.1.2.3 255.255.255.255\n");
        assertEquals("sockd fw:1080 (line 1)", explain(rules, "10.1.2.3", 44321));

        RuleSet reversed = load("deny 10.1.2.3 255.255.255.255\ndirect 10.1.0.0 255.255.0.0\n"
                + "sockd 10.0.0.0 255.0.0.0\n");
        assertEquals("deny (line 1)", explain(reversed, "10.1.2.3", 44321));
        assertEquals("direct (line 2)", explain(reversed, "10.1.2.4", 44321));
        assertEquals("sockd fw:1080 (line 3)", explain(reversed, "10.2.2.4", 44321));
    }

    @Test
    void noMatchingLineRefuses() throws ConfigException {
        RuleSet rules = load("direct 10.0.0.0 255.0.0.0\n");
        Decision decision = rules.decide(to("192.0.2.1", 44321), "alice");
        assertEquals(new Decision.NoRule(Configs.SOURCE), decision);
        assertEquals("deny (no rule)", decision.explain());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1", "0.0.0.0", "::"})
    void loopbackAndWildcardAreAlwaysDirect(String address) throws ConfigException {
        RuleSet rules = load("deny ALL\ndeny ::/0\n");
        Decision decision = rules.decide(to(address, 44321), "alice");
        assertEquals("direct (loopback)", decision.explain());
        assertNull(decision.rule());
    }

    @Test
    void ipv6DestinationsMatchMaskZeroAndIpv6RulesOnly() throws ConfigException {
        RuleSet rules = load("deny 2001:db8:1::/48\ndirect 10.0.0.0 255.0.0.0\n"
                + "direct 0.0.0.0 0.0.0.0 eq 80\nsockd ALL eq 443\ndirect 0.0.0.0/0 eq 22\n"
                + "direct 2001:db8::/32\n");
        assertEquals("deny (line 1)", explain(rules, "2001:db8:1:2::1", 44321));
        assertEquals("deny (line 1)", explain(rules, "2001:db8:1:2::1", 80));
        assertEquals("direct (line 3)", explain(rules, "2001:db9::1", 80));
        assertEquals("sockd fw:1080 (line 4)", explain(rules, "2001:db8:2::1", 443));
        assertEquals("direct (line 5)", explain(rules, "2001:db9::1", 22));
        assertEquals("direct (line 6)", explain(rules, "2001:db8:2::1", 44321));
        assertEquals("deny (no rule)", explain(rules, "2001:db9::1", 44321));
        assertEquals("deny (no rule)", explain(rules, "192.0.2.1", 44321));
        assertEquals("direct (line 2)", explain(rules, "10.0.0.1", 44321));
    }

    @Test
    void ipv6PrefixesDoNotMatchIpv4AndRespectPartialBytes() throws ConfigException {
        RuleSet rules = load("direct ::/0 eq 1\ndeny fd00::/7\n");
        assertEquals("deny (no rule)", explain(rules, "10.0.0.1", 1));
        assertEquals("direct (line 1)", explain(rules, "2001:db8::1", 1));
        assertEquals("deny (line 2)", explain(rules, "fd12::1", 2));
        assertEquals("deny (line 2)", explain(rules, "fc00::1", 2));
        assertEquals("deny (no rule)", explain(rules, "fe00::1", 2));
    }

    @Test
    void ipv4MappedDestinationsAreIpv4() throws ConfigException {
        RuleSet rules = load("direct 10.2.0.0 255.255.0.0\ndeny ::/0\n");
        assertEquals("direct (line 1)", explain(rules, "::ffff:10.2.0.7", 44321));
        assertEquals("deny (no rule)", explain(rules, "::ffff:10.3.0.7", 44321));
        assertEquals("deny (line 2)", explain(rules, "2001:db8::1", 44321));
    }

    @Test
    void unresolvedDestinationNamesMatchOnlyDomainAndMaskZeroRules() throws ConfigException {
        RuleSet rules = load(NO_DNS, "direct 10.0.0.0 255.0.0.0\ndeny 2001:db8::/32\n"
                + "direct .inside.example.com\nsockd 0.0.0.0 0.0.0.0 eq 44321\nsockd ALL eq 80\n");
        Destination inside = new Destination("pmcd.inside.example.com", null, 4321);
        Destination outsidePmcd = new Destination("pmcd.example.org", null, 44321);
        Destination outsideWeb = new Destination("www.example.org", null, 80);
        Destination other = new Destination("www.example.org", null, 22);
        assertEquals("direct (line 3)", explain(rules, inside, "alice"));
        assertEquals("sockd fw:1080 (line 4)", explain(rules, outsidePmcd, "alice"));
        assertEquals("sockd fw:1080 (line 5)", explain(rules, outsideWeb, "alice"));
        assertEquals("deny (no rule)", explain(rules, other, "alice"));
    }

    @Test
    void domainRulesMatchTheNameTheApplicationGaveWithoutDns() throws ConfigException {
        RuleSet rules = load(NO_DNS, "direct .example.com\ndeny ALL\n");
        InetAddress somewhere = Configs.address("192.0.2.44");
        assertEquals("direct (line 1)",
                explain(rules, new Destination("pmcd.example.com", somewhere, 1), "u"));
        assertEquals("direct (line 1)",
                explain(rules, new Destination("PMCD.Example.COM.", somewhere, 1), "u"));
        assertEquals("direct (line 1)",
                explain(rules, new Destination("example.com", somewhere, 1), "u"));
        assertEquals("deny (line 2)",
                explain(rules, new Destination("notexample.com", somewhere, 1), "u"));
        assertEquals("deny (line 2)",
                explain(rules, new Destination("example.com.evil.org", somewhere, 1), "u"));
        assertEquals("deny (line 2)", explain(rules, Destination.of(somewhere, 1), "u"));
    }

    @Test
    void aResolvedNameStillMatchesAddressRules() throws ConfigException {
        RuleSet rules = load(NO_DNS, "direct 192.0.2.0 255.255.255.0\ndeny ALL\n");
        Destination named = new Destination("pmcd.example.com", Configs.address("192.0.2.44"),
                44321);
        assertEquals("direct (line 1)", explain(rules, named, "alice"));
    }

    @Test
    void hostNameRulesCoverEveryAddressIncludingIpv6WithAFullMask() throws ConfigException {
        FakeResolver resolver = new FakeResolver()
                .with("pmcd-host", "192.0.2.10", "198.51.100.7", "2001:db8::10");
        RuleSet rules = load(resolver, "direct pmcd-host 255.255.255.255\n"
                + "deny pmcd-host 255.255.255.0\nsockd ALL\n");
        assertEquals("direct (line 1)", explain(rules, "192.0.2.10", 44321));
        assertEquals("direct (line 1)", explain(rules, "198.51.100.7", 44321));
        assertEquals("direct (line 1)", explain(rules, "2001:db8::10", 44321));
        assertEquals("deny (line 2)", explain(rules, "192.0.2.99", 44321));
        assertEquals("deny (line 2)", explain(rules, "198.51.100.1", 44321));
        assertEquals("sockd fw:1080 (line 3)", explain(rules, "2001:db8::11", 44321));
    }

    @Test
    void aHostNameRuleWithMaskZeroMatchesEverythingButOnlyIfTheNameResolved()
            throws ConfigException {
        FakeResolver resolver = new FakeResolver().with("fw", "192.0.2.1");
        RuleSet rules = load(resolver, "deny nowhere 0.0.0.0\ndirect fw 0.0.0.0\n");
        assertEquals("direct (line 2)", explain(rules, "2001:db8::1", 1));
        assertEquals("direct (line 2)", explain(rules, "10.0.0.1", 1));
        assertEquals("direct (line 2)",
                explain(rules, new Destination("unresolved.example", null, 1), "u"));
        assertEquals(1, rules.warnings().size());
    }

    @Test
    void anUnresolvedHostNameRuleNeverMatches() throws ConfigException {
        RuleSet rules = load("deny nowhere.invalid 255.255.255.255\ndirect ALL\n");
        assertEquals(List.of(Configs.SOURCE + ":1:6: warning: host name 'nowhere.invalid' does"
                        + " not resolve; this line never matches"),
                rules.warnings().stream().map(Diagnostic::toString).toList());
        assertEquals("direct (line 2)", explain(rules, "192.0.2.1", 1));
        assertEquals("direct (line 2)",
                explain(rules, new Destination("nowhere.invalid", null, 1), "u"));
    }

    @Test
    void localHostNameThatCannotBeFoundIsAWarning() throws ConfigException {
        RuleSet rules = load(new FakeResolver().localHostName(null),
                "direct LOCALHOSTNAME 255.255.255.255\nsockd ALL\n");
        assertEquals(List.of(Configs.SOURCE + ":1:8: warning: cannot find this host's name for"
                        + " LOCALHOSTNAME (gethostname failed); this line never matches"),
                rules.warnings().stream().map(Diagnostic::toString).toList());
        assertEquals("sockd fw:1080 (line 2)", explain(rules, "192.0.2.1", 1));
    }

    @Test
    void localHostNameThatDoesNotResolveIsAWarning() throws ConfigException {
        RuleSet rules = load(new FakeResolver().localHostName("lonely"),
                "direct LOCALHOSTNAME 255.255.255.255\nsockd ALL\n");
        assertEquals(List.of(Configs.SOURCE + ":1:8: warning: host name 'lonely'"
                        + " (LOCALHOSTNAME) does not resolve; this line never matches"),
                rules.warnings().stream().map(Diagnostic::toString).toList());
    }

    @Test
    void userListsAreCheckedAfterAddressAndPort() throws ConfigException {
        RuleSet rules = load("deny *=guest ALL eq 22\ndirect *=alice 10.0.0.0 255.0.0.0\n"
                + "sockd ALL\n");
        assertEquals("deny (line 1)", explain(rules, to("10.0.0.1", 22), "guest"));
        assertEquals("direct (line 2)", explain(rules, to("10.0.0.1", 22), "alice"));
        assertEquals("sockd fw:1080 (line 3)", explain(rules, to("10.0.0.1", 23), "guest"));
        assertEquals("sockd fw:1080 (line 3)", explain(rules, to("11.0.0.1", 22), "alice"));
    }
}
