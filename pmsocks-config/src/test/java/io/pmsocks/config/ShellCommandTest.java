package io.pmsocks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Expansion of the %-substitutions in a rule's shell command. */
class ShellCommandTest {

    private static final ShellCommand.Context CONTEXT = new ShellCommand.Context(
            "ws1.example.com", "192.0.2.5", 4242, "pmcd", 44321, "alice", "root",
            "pmcd.example.org", "198.51.100.7");

    @Test
    void everySubstitution() {
        assertEquals("ws1.example.com 192.0.2.5 connect 4242 pmcd 44321 alice root"
                        + " pmcd.example.org 198.51.100.7 100%",
                new ShellCommand("%A %a %c %p %S %s %U %u %Z %z 100%%").expand(CONTEXT));
    }

    @Test
    void substitutionsNeedNoBlanksAroundThem() {
        assertEquals("log-root@pmcd.example.org:44321/4242",
                new ShellCommand("log-%u@%Z:%s/%p").expand(CONTEXT));
    }

    @Test
    void unknownSubstitutionsAndATrailingPercentAreKeptAsWritten() {
        assertEquals("date +%Y-%m %q 50% and % ", new ShellCommand("date +%Y-%m %q 50% and % ")
                .expand(CONTEXT));
        assertEquals("100%", new ShellCommand("100%").expand(CONTEXT));
        assertEquals("%%", new ShellCommand("%%%%").expand(CONTEXT));
    }

    @Test
    void substitutedValuesAreSanitisedButTheTemplateIsNot() {
        ShellCommand.Context hostile = new ShellCommand.Context("h", "a", 1, null, 80,
                "a b", "$(id)", "evil;rm -rf /`x`'q'\"d\"|&>*?~<{}", "fe80::1%eth0");
        assertEquals("echo 'evil_rm_-rf_/_x__q__d__________' fe80::1%eth0 a_b __id_ | logger",
                new ShellCommand("echo '%Z' %z %U %u | logger").expand(hostile));
    }

    @Test
    void theAllowedPunctuationSurvives() {
        ShellCommand.Context context = new ShellCommand.Context("h", "a", 1, null, 80,
                "l", "u", "!@%-_=+\\:,./AZaz09", "z");
        assertEquals("!@%-_=+\\:,./AZaz09", new ShellCommand("%Z").expand(context));
    }

    @Test
    void aValueNeverStartsWithADashNorEndsWithABackslash() {
        ShellCommand.Context context = new ShellCommand.Context("-h", "a\\", 1, null, 80,
                "--login=x", "-", "-rf\\", "\\");
        assertEquals("logger _h a_ _-login=x _ _rf_ _ in-between\\ok",
                new ShellCommand("logger %A %a %U %u %Z %z in-between\\ok").expand(context));
        ShellCommand.Context inner = new ShellCommand.Context("a-b", "a\\b", 1, null, 80,
                "l", "u", "d", "z");
        assertEquals("a-b a\\b", new ShellCommand("%A %a").expand(inner));
    }

    @Test
    void nonAsciiLettersAreReplaced() {
        ShellCommand.Context context = new ShellCommand.Context("h", "a", 1, null, 80,
                "l", "jos\u00e9", "d", "z");
        assertEquals("jos_", new ShellCommand("%u").expand(context));
    }

    @Test
    void fallbacksWhenAValueIsNotKnown() {
        ShellCommand.Context sparse = new ShellCommand.Context(null, "", -1, null, 8080, null,
                null, null, null);
        assertEquals("unknown unknown unknown 8080 8080 unknown unknown unknown unknown",
                new ShellCommand("%A %a %p %S %s %U %u %Z %z").expand(sparse));

        ShellCommand.Context addressOnly = new ShellCommand.Context("h", "a", 1, "", 22, "l",
                "u", null, "10.0.0.1");
        assertEquals("10.0.0.1 10.0.0.1 22", new ShellCommand("%Z %z %S").expand(addressOnly));
    }

    @Test
    void contextFromADestination() {
        Destination unresolved = new Destination("db.example.com", null, 5432);
        ShellCommand.Context context = ShellCommand.Context.of(unresolved, "postgresql", "ws1",
                "192.0.2.5", 7, "alice", "alice");
        assertEquals("db.example.com unknown postgresql 5432",
                new ShellCommand("%Z %z %S %s").expand(context));

        Destination mapped = Destination.of(Configs.address("::ffff:10.1.2.3"), 80);
        assertEquals("10.1.2.3 10.1.2.3", new ShellCommand("%Z %z").expand(
                ShellCommand.Context.of(mapped, null, "h", "a", 1, "l", "u")));
    }

    @Test
    void theRuleCommandAsParsed() throws ConfigException {
        Rule rule = Configs.onlyRule("deny ALL eq 22 : logger -t pmsocks %u denied %Z:%s");
        assertEquals(Optional.of(new ShellCommand("logger -t pmsocks %u denied %Z:%s")),
                ShellCommand.of(rule));
        assertEquals("logger -t pmsocks root denied pmcd.example.org:44321",
                ShellCommand.of(rule).orElseThrow().expand(CONTEXT));
        assertEquals(Optional.empty(), ShellCommand.of(Configs.onlyRule("deny ALL")));
    }

    @Test
    void portMustBeATcpPort() {
        assertThrows(IllegalArgumentException.class, () -> new ShellCommand.Context("h", "a", 1,
                null, 65536, "l", "u", "d", "z"));
        assertThrows(NullPointerException.class, () -> new ShellCommand(null));
    }
}
