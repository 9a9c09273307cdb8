package io.pmsocks.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The parser fed with generated text: whatever the input, the outcome is a rule set or a
 * {@link ConfigException} whose diagnostics are located, never another exception, never a
 * hang (Surefire's fork timeout ends a hang as a failure).
 *
 * <p>Seeded, so that every build runs the same inputs: {@code jqwik.tries.default} is set by
 * the module's pom, a few thousand per property normally and a million with {@code -Plong}.
 * The inputs are lines assembled from the format's own words and punctuation (so that they
 * get deep into the grammar), mixed with arbitrary characters, control characters included.
 */
class ConfigParserFuzzTest {

    private static final String SEED = "20261204";

    /** Words of the format and of its neighbours, each a likely place for a parser to slip. */
    private static final List<String> WORDS = List.of(
            "direct", "deny", "sockd", "DIRECT", "sockd@=", "deny*=", "@=", "*=", "*=alice,bob",
            "ALL", "all", "LOCALHOSTNAME", "0.0.0.0", "255.255.255.255", "255.0.0.0", "10.2.0.0",
            "300.1.1.1", "1.2.3", "10.0.0.0/8", "10.0.0.0/33", "/", "//", "::/0", "::", "::1",
            "2001:db8::/32", "::ffff:10.0.0.0/104", "[2001:db8::1]", "[", "]", "[::1]:1080",
            ".example.com", ".", "..", "host.example", "fw", "fw:1080", "fw:", ":1080", "fw:0",
            "fw:99999", "socks5://", "socks4a://", "socks5h://alice@fw", "http://proxy:3128",
            "socks9://", "://", "alice@", "u:p@", "@", ",", ",,", "eq", "neq", "lt", "gt", "le",
            "ge", "eqq", "22", "65535", "65536", "http", "pmcd", "nosuchservice", ":", ": cmd",
            ":echo %u %Z %%", "%", "#", "# comment", "route", "{", "}", "client", "pass",
            "logoutput:", "socksmethod:", "/etc/passwd", "/dev/zero", "/nonexistent/users",
            "\u0661\u0662", "\uff18\uff10", "\u00e9", "\ud83d\ude00", "\ud800", "\u0000",
            "\u001b[31m", "\u0085", "\ufeff", "\r", "\f", "\u000b");

    @Provide
    Arbitrary<String> configurationText() {
        Arbitrary<String> anything = Arbitraries.strings().ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> word = Arbitraries.oneOf(
                Arbitraries.of(WORDS),
                Arbitraries.of(WORDS),
                anything,
                // list entries and prefixes whose tails are arbitrary: file names, ports
                anything.map(tail -> "*=/" + tail),
                anything.map(tail -> "@=" + tail),
                anything.map(tail -> "@=socks5://" + tail),
                anything.map(tail -> "10.0.0.0/" + tail),
                Arbitraries.strings().withChars("0123456789.:/[]@,=*-%#").ofMinLength(1)
                        .ofMaxLength(16));
        Arbitrary<String> blank = Arbitraries.of(" ", " ", " ", "\t", "  ", "");
        Arbitrary<String> line = Arbitraries.lazy(() -> word.list().ofMaxSize(10)
                .flatMap(words -> blank.list().ofSize(words.size()).map(blanks -> {
                    StringBuilder text = new StringBuilder();
                    for (int i = 0; i < words.size(); i++) {
                        text.append(words.get(i)).append(blanks.get(i));
                    }
                    return text.toString();
                })));
        Arbitrary<String> lines = line.list().ofMaxSize(8).map(list -> String.join("\n", list));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, lines),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(200)),
                net.jqwik.api.Tuple.of(1, lines.map(text -> text.repeat(30))));
    }

    @Property(seed = SEED)
    void theParserEndsInARuleSetOrLocatedErrors(@ForAll("configurationText") String text) {
        RuleSet rules;
        try {
            rules = Configs.loader(new FakeResolver().with("host.example", "192.0.2.7"))
                    .load(Configs.SOURCE, text, Configs.DEFAULT_SERVER);
        } catch (ConfigException e) {
            List<Diagnostic> diagnostics = e.diagnostics();
            assertTrue(Diagnostic.anyError(diagnostics));
            long lines = text.chars().filter(c -> c == '\n').count() + 1;
            int errors = 0;
            for (Diagnostic diagnostic : diagnostics) {
                assertTrue(diagnostic.line() <= lines, diagnostic::toString);
                assertFalse(diagnostic.message().isEmpty());
                // each message quotes a bounded part of the input, on one line
                assertTrue(diagnostic.message().length() < 1000, diagnostic::toString);
                assertFalse(diagnostic.message().contains("\n"), diagnostic::toString);
                errors += diagnostic.isError() ? 1 : 0;
            }
            assertTrue(errors <= ConfigParser.MAX_REPORTED + 1);
            return;
        }
        assertNotNull(rules);
        for (Rule rule : rules.rules()) {
            // what --check prints must be text the parser takes back
            assertNotNull(rule.toString());
        }
    }

    @Property(seed = SEED)
    void serverEntriesParseOrSayWhere(@ForAll("configurationText") String text) {
        try {
            SocksServer server = SocksServer.parse(text, SocksServer.DEFAULT_PORT);
            assertNotNull(server.toString());
        } catch (AddressSyntaxException e) {
            assertTrue(e.index() <= text.length(), e::getMessage);
        }
    }

    @Property(seed = SEED)
    void settingsEndInSettingsOrNamedErrors(@ForAll("configurationText") String value) {
        Map<String, String> environment = Map.of("SOCKS_SERVER", value, "SOCKS5_SERVER", value,
                "HTTP_CONNECT_PROXY", value, "PMCD_CONNECT_TIMEOUT", value, "PMCD_PORT", value,
                "SOCKS_PORT", value, "SOCKS_DEBUG", value);
        try {
            Settings.from(environment, Map.of());
        } catch (ConfigException e) {
            for (Diagnostic diagnostic : e.diagnostics()) {
                assertFalse(diagnostic.message().contains("\n"), diagnostic::toString);
            }
        }
    }
}
