package io.pmsocks.config;

import static io.pmsocks.config.Configs.errors;
import static io.pmsocks.config.Configs.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every rejected line: its exact message, line and column. */
class ConfigErrorsTest {

    private static final String ADDRESS_FORMS = "a dotted quad with a mask (10.2.0.0 255.255.0.0),"
            + " a host name with a mask, LOCALHOSTNAME with a mask, ALL, a.b.c.d/n,"
            + " an IPv6 prefix (2001:db8::/32) or a .domain suffix";
    private static final String GLUED = "; a blank must come before the ':' that starts a shell"
            + " command";

    private static String error(int line, int column, String message) {
        return Configs.SOURCE + ":" + line + ":" + column + ": error: " + message;
    }

    private static void assertRejected(String line, int column, String message) {
        assertEquals(List.of(error(1, column, message)), errors(line + "\n"));
    }

    @Test
    void theSpecExampleMessage() {
        assertEquals(List.of(error(3, 9, "unknown operator 'eqq'; expected eq, neq, lt, gt, le"
                        + " or ge")),
                errors("# line 1\ndirect 10.0.0.0 255.0.0.0\ndeny .x eqq 22\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            direct 10.2.0.0 255.255.0.0 eqq 80 | 29 | unknown operator 'eqq'; expected eq, neq, lt, gt, le or ge
            deny ALL EQQ 22                    | 10 | unknown operator 'EQQ'; expected eq, neq, lt, gt, le or ge
            deny ALL == 22                     | 10 | unknown operator '=='; expected eq, neq, lt, gt, le or ge
            deny ALL eq                        | 10 | operator 'eq' needs a port after it: a number or a service name such as http
            deny ALL ge                        | 10 | operator 'ge' needs a port after it: a number or a service name such as http
            deny ALL eq htp                    | 13 | unknown service 'htp': no tcp service of that name in /etc/services; write the port number
            deny ALL eq syslog                 | 13 | unknown service 'syslog': no tcp service of that name in /etc/services; write the port number
            deny ALL eq 65536                  | 13 | port 65536 is out of range: expected 0 to 65535
            deny ALL eq 0000080000             | 13 | port 0000080000 is out of range: expected 0 to 65535
            deny ALL eq 22 extra               | 16 | unexpected 'extra' after the port condition; only ': shell command' may follow it
            deny ALL eq 80:echo                | 13 | unknown service '80:echo': no tcp service of that name in /etc/services; write the port number; a blank must come before the ':' that starts a shell command
            """)
    void portConditions(String line, int column, String message) {
        assertRejected(line, column, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            direct 10.2.0.0                    | 16 | missing mask after '10.2.0.0'; write a dotted-quad mask such as 255.255.255.0 (255.255.255.255 for one host), or give the address as a.b.c.d/n
            direct 10.2.0.0 eq 80              | 17 | missing mask after '10.2.0.0'; write a dotted-quad mask such as 255.255.255.0 (255.255.255.255 for one host), or give the address as a.b.c.d/n
            direct 10.2.0.0 : echo             | 17 | missing mask after '10.2.0.0'; write a dotted-quad mask such as 255.255.255.0 (255.255.255.255 for one host), or give the address as a.b.c.d/n
            direct fw.example.com              | 22 | missing mask after 'fw.example.com'; write a dotted-quad mask such as 255.255.255.0 (255.255.255.255 for one host)
            direct LOCALHOSTNAME               | 21 | missing mask after 'LOCALHOSTNAME'; write a dotted-quad mask such as 255.255.255.0 (255.255.255.255 for one host)
            direct 10.0.0.0 255.255.0          | 17 | bad mask '255.255.0': expected a dotted quad such as 255.255.255.0
            direct 10.0.0.0 255.0.0.256        | 17 | bad mask '255.0.0.256': expected a dotted quad such as 255.255.255.0
            direct 10.0.0.0 /8                 | 17 | bad mask '/8': expected a dotted quad such as 255.255.255.0
            direct 10.0.0.0 255.0.0.0:echo hi  | 17 | bad mask '255.0.0.0:echo': expected a dotted quad such as 255.255.255.0; a blank must come before the ':' that starts a shell command
            sockd ALL 0.0.0.0                  | 11 | unexpected mask '0.0.0.0': 'ALL' takes none; remove it
            direct 10.0.0.0/8 255.0.0.0        | 19 | unexpected mask '255.0.0.0': '10.0.0.0/8' takes none; remove it
            direct .example.com 255.255.255.0  | 21 | unexpected mask '255.255.255.0': '.example.com' takes none; remove it
            """)
    void masks(String line, int column, String message) {
        assertRejected(line, column, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            direct 300.1.1.1 255.0.0.0         | 8  | '300.1.1.1' is not an IPv4 address: write four numbers from 0 to 255 separated by dots, such as 10.2.0.0
            direct 1.2.3 255.0.0.0             | 8  | '1.2.3' is not an IPv4 address: write four numbers from 0 to 255 separated by dots, such as 10.2.0.0
            direct 10 255.0.0.0                | 8  | '10' is not an IPv4 address: write four numbers from 0 to 255 separated by dots, such as 10.2.0.0
            direct 1.2.3.4.5 255.0.0.0         | 8  | '1.2.3.4.5' is not an IPv4 address: write four numbers from 0 to 255 separated by dots, such as 10.2.0.0
            direct 1.2.3/8                     | 8  | '1.2.3' is not an IPv4 address: write four numbers from 0 to 255 separated by dots, such as 10.2.0.0/16
            direct 10.0.0.0/33                 | 16 | bad prefix length '/33': expected a number from 0 to 32
            direct 10.0.0.0/x                  | 16 | bad prefix length '/x': expected a number from 0 to 32
            direct 10.0.0.0/                   | 16 | bad prefix length '/': expected a number from 0 to 32
            direct 10.0.0.0/8:echo             | 16 | bad prefix length '/8:echo': expected a number from 0 to 32; a blank must come before the ':' that starts a shell command
            direct foo/24                      | 8  | 'foo/24' is not an address prefix; expected a.b.c.d/n (such as 10.2.0.0/16) or an IPv6 prefix
            direct 2001:db8::1                 | 8  | an IPv6 address needs a prefix length and no mask: write '2001:db8::1/128' for this one address, or a network such as '2001:db8::/32'
            direct ::1                         | 8  | an IPv6 address needs a prefix length and no mask: write '::1/128' for this one address, or a network such as '2001:db8::/32'
            direct 2001:db8::/129              | 18 | bad IPv6 prefix length '/129': expected a number from 0 to 128
            direct ::/-1                       | 10 | bad IPv6 prefix length '/-1': expected a number from 0 to 128
            direct gg::/32                     | 8  | 'gg::' is not an IPv6 address; expected a prefix such as 2001:db8::/32 or ::/0
            direct .                           | 8  | '.' is not a domain suffix: expected a dot and a domain name, such as .example.com
            direct ..example.com               | 8  | '..example.com' is not a domain suffix: expected a dot and a domain name, such as .example.com
            direct .10.1                       | 8  | '.10.1' is not a domain suffix: expected a dot and a domain name, such as .example.com
            """)
    void addresses(String line, int column, String message) {
        assertRejected(line, column, message);
    }

    @Test
    void notAnAddressListsTheFormsThatAre() {
        assertRejected("direct fw!x 255.0.0.0", 8, "'fw!x' is not an address; expected "
                + ADDRESS_FORMS);
        assertRejected("direct fw:echo", 8, "'fw:echo' is not an address; expected "
                + ADDRESS_FORMS + GLUED);
    }

    @Test
    void missingAddress() {
        assertRejected("direct", 7, "missing address after 'direct'; expected " + ADDRESS_FORMS);
        assertRejected("sockd @=fw", 11, "missing address after '@=fw'; expected "
                + ADDRESS_FORMS);
        assertRejected("deny *=bob : echo", 12, "missing address after '*=bob'; expected "
                + ADDRESS_FORMS);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            sock ALL                           | 1  | unknown keyword 'sock'; a rule starts with direct, deny or sockd
            socks 0.0.0.0 0.0.0.0              | 1  | unknown keyword 'socks'; a rule starts with direct, deny or sockd
            allow ALL                          | 1  | unknown keyword 'allow'; a rule starts with direct, deny or sockd
            direct: echo                       | 1  | unknown keyword 'direct:'; a rule starts with direct, deny or sockd; a blank must come before the ':' that starts a shell command
            '  10.0.0.0 255.0.0.0'             | 3  | unknown keyword '10.0.0.0'; a rule starts with direct, deny or sockd
            : echo hi                          | 1  | a shell command needs a rule before it: direct, deny or sockd, then an address
            direct ALL :                       | 12 | ':' must be followed by a shell command; remove it or write the command after it
            direct 10.0.0.0 255.0.0.0 *=bob    | 27 | '*=bob' must come before the address, right after the keyword (sockd [@=servers] [*=users] address ...)
            sockd ALL @=fw                     | 11 | '@=fw' must come before the address, right after the keyword (sockd [@=servers] [*=users] address ...)
            """)
    void keywordsAndStructure(String line, int column, String message) {
        assertRejected(line, column, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            direct @=fw ALL                    | 8  | '@=' names sockd servers: only sockd rules take it, not direct
            deny @=fw:1080 ALL                 | 6  | '@=' names sockd servers: only sockd rules take it, not deny
            sockd @=a @=b ALL                  | 11 | a second '@=' server list; write all servers in one comma list: @=host[:port],host[:port]
            deny *=a *=b ALL                   | 10 | a second '*=' user list; write all users in one comma list: *=name,name,/path/of/file
            sockd @=fw:0 ALL                   | 12 | bad port '0' for 'fw': expected a number from 1 to 65535 (default 1080)
            sockd @=fw:99999 ALL               | 12 | bad port '99999' for 'fw': expected a number from 1 to 65535 (default 1080)
            sockd @=fw: ALL                    | 12 | bad port '' for 'fw': expected a number from 1 to 65535 (default 1080)
            sockd @=fw:socks ALL               | 12 | bad port 'socks' for 'fw': expected a number from 1 to 65535 (default 1080)
            sockd @=a,,b ALL                   | 11 | empty entry in the server list '@=a,,b'; remove the extra comma
            sockd @=a, ALL                     | 11 | empty entry in the server list '@=a,'; remove the extra comma
            sockd @= ALL                       | 7  | empty server list after '@='; write @=[SCHEME://][USER@]HOST[:PORT][,...]
            sockd @=2001:db8::1 ALL            | 9  | '2001:db8::1': an IPv6 address needs brackets, as in [2001:db8::1]:1080
            sockd @=[2001:db8::1]x ALL         | 22 | unexpected 'x' after '[2001:db8::1]'; expected ':port'
            sockd @=[fw]:1080 ALL              | 9  | '[fw]:1080' is not a bracketed IPv6 address; write it as [2001:db8::1]:1080
            sockd @=[2001:db8::1 ALL           | 9  | '[2001:db8::1' is not a bracketed IPv6 address; write it as [2001:db8::1]:1080
            sockd @=[::1]:0 ALL                | 15 | bad port '0' for '::1': expected a number from 1 to 65535 (default 1080)
            sockd @=fw!x ALL                   | 9  | 'fw!x' is not a host name or address; expected host[:port], such as fw:1080 or 192.0.2.1
            sockd @=300.1.1.1 ALL              | 9  | '300.1.1.1' is not an IPv4 address: write four numbers from 0 to 255 separated by dots
            deny *=a,,b ALL                    | 10 | empty entry in the user list '*=a,,b'; remove the extra comma
            sockd @=fw,socks9://fw2 ALL        | 12 | unknown scheme 'socks9'; expected socks4, socks4a, socks5, socks5h or http
            sockd @=socks5://bob:pw@fw ALL     | 21 | a password is not accepted in a server entry (everyone can read this file): write only USER@, and put the password in SOCKS_PASSWORD or in the credentials file (pcp_socks.conf(5))
            sockd @=http://proxy:0x50 ALL      | 22 | bad port '0x50' for 'proxy': expected a number from 1 to 65535 (default 1080)
            sockd @=socks5://fw:١٠٨٠ ALL       | 21 | bad port '١٠٨٠' for 'fw': expected a number from 1 to 65535 (default 1080)
            sockd @=bob@fw ALL                 | 9  | socks4 servers take no user name (SOCKS4 sends the effective user name); write socks5://bob@... or http://bob@...
            sockd @=socks5://@fw ALL           | 18 | empty user name before '@'; write USER@HOST or leave out the '@'
            sockd @=socks5h://[fw]:1 ALL       | 19 | '[fw]:1' is not a bracketed IPv6 address; write it as [2001:db8::1]:1080
            deny ALL eq ８０                    | 13 | unknown service '８０': no tcp service of that name in /etc/services; write the port number
            """)
    void lists(String line, int column, String message) {
        assertRejected(line, column, message);
    }

    @Test
    void independentErrorsOnOneLineAreAllReported() {
        assertEquals(List.of(
                        error(1, 6, "'@=' names sockd servers: only sockd rules take it, not deny"),
                        error(1, 19, "bad mask '255.0.0': expected a dotted quad such as"
                                + " 255.255.255.0")),
                errors("deny @=fw 1.0.0.0 255.0.0 eq 22\n"));
    }

    @Test
    void everyBadLineIsReportedAndTheGoodOnesStillParse() {
        String text = "direct 10.0.0.0 255.0.0.0\n"
                + "deny 10.2.0.0 255.255.0.0 eqq 22\n"
                + "# a comment\n"
                + "direct 300.1.1.1 255.255.255.255\n"
                + "sockd @=fw:0 ALL\n"
                + "direct 192.168.0.0/16\n"
                + "dirct ALL\n";
        ConfigParser.Result result = parse(text);
        assertEquals(List.of(
                        error(2, 27, "unknown operator 'eqq'; expected eq, neq, lt, gt, le or ge"),
                        error(4, 8, "'300.1.1.1' is not an IPv4 address: write four numbers from"
                                + " 0 to 255 separated by dots, such as 10.2.0.0"),
                        error(5, 12, "bad port '0' for 'fw': expected a number from 1"
                                + " to 65535 (default 1080)"),
                        error(7, 1, "unknown keyword 'dirct'; a rule starts with direct, deny or"
                                + " sockd")),
                result.diagnostics().stream().map(Diagnostic::toString).toList());
        assertEquals(List.of(1, 6), result.rules().stream().map(Rule::line).toList());

        ConfigException thrown = assertThrows(ConfigException.class, () -> Configs.load(text));
        assertEquals(4, thrown.getMessage().lines().count());
        assertEquals(result.diagnostics().get(0).toString(),
                thrown.getMessage().lines().findFirst().orElseThrow());
    }

    @Test
    void warningsDoNotStopTheLoadButErrorsCarryThem() {
        String text = "direct nowhere.invalid 255.255.255.255\nsockd ALL eqq 1\n";
        ConfigException thrown = assertThrows(ConfigException.class, () -> Configs.load(text));
        assertEquals(List.of(
                        Configs.SOURCE + ":1:8: warning: host name 'nowhere.invalid' does not"
                                + " resolve; this line never matches",
                        error(2, 11, "unknown operator 'eqq'; expected eq, neq, lt, gt, le or ge")),
                thrown.diagnostics().stream().map(Diagnostic::toString).toList());
        assertEquals(error(2, 11, "unknown operator 'eqq'; expected eq, neq, lt, gt, le or ge"),
                thrown.getMessage());
    }

    @Test
    void aMessageQuotesAtMostSixtyCharactersWithControlCharactersEscaped() {
        String longWord = "x".repeat(200);
        assertEquals(List.of(error(1, 1, "unknown keyword '" + "x".repeat(60) + "...'; a rule"
                        + " starts with direct, deny or sockd")),
                errors(longWord + " ALL\n"));
        assertEquals(List.of(error(1, 1, "unknown keyword 'a\\u001b[31mb\\u0000c\\u0085'; a rule"
                        + " starts with direct, deny or sockd")),
                errors("a\u001b[31mb\u0000c\u0085 ALL\n"));
    }

    @Test
    void afterAHundredErrorsOneLineSaysHowManyMore() {
        String text = "dirct ALL\n".repeat(250) + "direct ALL\n";
        List<String> printed = errors(text);
        assertEquals(101, printed.size());
        assertEquals(error(100, 1, "unknown keyword 'dirct'; a rule starts with direct, deny or"
                + " sockd"), printed.get(99));
        assertEquals(Configs.SOURCE + ": error: 150 more errors not shown (250 in all)",
                printed.get(100));
    }

    @Test
    void exactlyAHundredErrorsAreAllShownWithoutASummary() {
        List<String> printed = errors("dirct ALL\n".repeat(100));
        assertEquals(100, printed.size());
    }
}
