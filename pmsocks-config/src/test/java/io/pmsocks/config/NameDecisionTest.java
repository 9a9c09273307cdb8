package io.pmsocks.config;

import static io.pmsocks.config.Configs.explain;
import static io.pmsocks.config.Configs.load;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/**
 * The decisions for names only the far side can resolve (SPEC §3): a lookup decides the name
 * with its port conditions ignored, and the placeholder range matches no rule by address.
 */
class NameDecisionTest {

    @Test
    void aLookupIgnoresPortConditionsButNotUsers() throws ConfigException {
        RuleSet rules = load("direct *=bob .corp.example\n"
                + "sockd @=fw:1081 .corp.example eq 22\n"
                + "deny ALL\n");
        assertEquals("sockd fw:1081 (line 2)", rules.decideName("db.corp.example", "alice").explain());
        assertEquals("direct (line 1)", rules.decideName("db.corp.example", "bob").explain());
        // the connect is decided again with its port
        assertEquals("deny (line 3)", rules.decide(new Destination("db.corp.example", null, 80),
                "alice").explain());
    }

    @Test
    void onlyDomainAndMaskZeroRulesMatchAName() throws ConfigException {
        RuleSet rules = load("direct 10.0.0.0 255.0.0.0\n"
                + "direct 0.0.0.0/0\n"
                + "sockd @=fw ALL\n");
        // 0.0.0.0/0 is written as a prefix; its mask is 0.0.0.0 like ALL's
        assertEquals("direct (line 2)", rules.decideName("far.example", "alice").explain());
        RuleSet noCatchAll = load("direct 10.0.0.0 255.0.0.0\nsockd @=fw .example\n");
        assertEquals("deny (no rule)", noCatchAll.decideName("far.test", "alice").explain());
        assertEquals("sockd fw:1080 (line 2)", noCatchAll.decideName("FAR.Example.", "alice").explain());
    }

    @Test
    void sockdDomainRulesAreKnownWithoutDeciding() throws ConfigException {
        assertTrue(load("direct .in.example\nsockd @=fw .corp.example\n").hasSockdDomainRules());
        assertFalse(load("sockd @=fw ALL\n")
                .hasSockdDomainRules());
        assertFalse(load("direct .corp.example\nsockd @=fw ALL\n").hasSockdDomainRules());
    }

    @Test
    void onlyADomainRuleWithNameCarryingServersSkipsTheLocalResolver() throws ConfigException {
        RuleSet rules = load("sockd @=socks5h://fw .h.example\n"
                + "sockd @=http://fw:3128,socks5h://fw2 .web.example\n"
                + "sockd @=socks5://fw .s5.example\n"
                + "sockd @=socks5h://fw,fw2 .mixed.example\n"
                + "direct .in.example\n"
                + "sockd @=socks5h://fw ALL\n");
        assertTrue(RuleSet.skipsLocalResolver(rules.decideName("db.h.example", "alice")));
        assertTrue(RuleSet.skipsLocalResolver(rules.decideName("web.example", "alice")));
        assertFalse(RuleSet.skipsLocalResolver(rules.decideName("db.s5.example", "alice")));
        assertFalse(RuleSet.skipsLocalResolver(rules.decideName("db.mixed.example", "alice")));
        assertFalse(RuleSet.skipsLocalResolver(rules.decideName("db.in.example", "alice")));
        // the catch-all is no split-horizon: the local resolver is asked first
        assertFalse(RuleSet.skipsLocalResolver(rules.decideName("elsewhere.test", "alice")));
    }

    @Test
    void addressRulesNeverMatchThePlaceholderRange() throws ConfigException {
        RuleSet rules = load("direct 240.0.0.0 255.0.0.0\n"
                + "deny 240.0.0.7 255.255.255.255\n"
                + "sockd @=fw .corp.example\n"
                + "deny ALL\n");
        Destination placeholderWithName = new Destination("db.corp.example",
                Configs.address("240.0.0.7"), 22);
        assertEquals("sockd fw:1080 (line 3)", explain(rules, placeholderWithName, "alice"));
        assertEquals("deny (line 4)", explain(rules, "240.0.0.7", 22));
        // outside the range the same kind of rule matches as always
        assertEquals("direct (line 1)", explain(rules, "240.1.0.7", 22));
        RuleSet none = load("direct 240.0.0.0 255.255.0.0\n");
        assertEquals("deny (no rule)", explain(none, "240.0.0.1", 80));
    }

    @Test
    void theRangeHasItsCapacityAndNoNetworkOrBroadcastAddress() throws UnknownHostException {
        assertArrayEquals(new byte[] {(byte) 240, 0, 0, 1}, PlaceholderRange.address(0));
        assertArrayEquals(new byte[] {(byte) 240, 0, (byte) 255, (byte) 254},
                PlaceholderRange.address(PlaceholderRange.CAPACITY - 1));
        assertThrows(IllegalArgumentException.class,
                () -> PlaceholderRange.address(PlaceholderRange.CAPACITY));
        assertEquals(0, PlaceholderRange.indexOf(InetAddress.getByAddress(PlaceholderRange.address(0))));
        assertEquals(-1, PlaceholderRange.indexOf(InetAddress.getByName("240.0.0.0")));
        assertEquals(-1, PlaceholderRange.indexOf(InetAddress.getByName("240.0.255.255")));
        assertEquals(-1, PlaceholderRange.indexOf(InetAddress.getByName("240.1.0.1")));
        assertTrue(PlaceholderRange.contains(InetAddress.getByName("::ffff:240.0.3.4")));
        InetAddress placeholder = InetAddress.getByAddress(PlaceholderRange.address(5));
        assertFalse(placeholder.isMulticastAddress() || placeholder.isSiteLocalAddress()
                || placeholder.isLoopbackAddress() || placeholder.isLinkLocalAddress()
                || placeholder.isAnyLocalAddress());
    }
}
