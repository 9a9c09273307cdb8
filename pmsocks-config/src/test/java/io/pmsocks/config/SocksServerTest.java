package io.pmsocks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The server entry {@code [SCHEME://][USER@]HOST[:PORT]} (SPEC §2) and its printed form. */
class SocksServerTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            fw                          | SOCKS4  |       | fw          | 1080 | fw:1080
            fw:1081                     | SOCKS4  |       | fw          | 1081 | fw:1081
            socks4://fw                 | SOCKS4  |       | fw          | 1080 | fw:1080
            socks4a://fw:9              | SOCKS4  |       | fw          | 9    | fw:9
            SOCKS5://fw                 | SOCKS5  |       | fw          | 1080 | socks5://fw:1080
            socks5://alice@fw           | SOCKS5  | alice | fw          | 1080 | socks5://alice@fw:1080
            socks5h://bob@192.0.2.1:7   | SOCKS5H | bob   | 192.0.2.1   | 7    | socks5h://bob@192.0.2.1:7
            http://proxy:3128           | HTTP    |       | proxy       | 3128 | http://proxy:3128
            http://a@corp@proxy         | HTTP    | a@corp| proxy       | 1080 | http://a@corp@proxy:1080
            socks5://[2001:db8::1]:1082 | SOCKS5  |       | 2001:db8::1 | 1082 | socks5://[2001:db8::1]:1082
            [::1]                       | SOCKS4  |       | ::1         | 1080 | [::1]:1080
            """)
    void entriesAreParsedAndPrintedInTheExplainForm(String text, ProxyScheme scheme, String user,
            String host, int port, String printed) throws AddressSyntaxException {
        SocksServer server = SocksServer.parse(text, SocksServer.DEFAULT_PORT);
        assertEquals(new SocksServer(scheme, user, host, port), server);
        assertEquals(printed, server.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            socks6://fw          | 0  | unknown scheme 'socks6'; expected socks4, socks4a, socks5, socks5h or http
            ://fw                | 0  | no scheme before '://'; write socks4, socks4a, socks5, socks5h or http, or leave out '://' for socks4
            socks5://al:pw@fw    | 11 | a password is not accepted in a server entry (everyone can read this file): write only USER@, and put the password in SOCKS_PASSWORD or in the credentials file (pcp_socks.conf(5))
            socks5://@fw         | 9  | empty user name before '@'; write USER@HOST or leave out the '@'
            alice@fw             | 0  | socks4 servers take no user name (SOCKS4 sends the effective user name); write socks5://alice@... or http://alice@...
            socks5://fw:0        | 12 | bad port '0' for 'fw': expected a number from 1 to 65535 (default 1080)
            http://fw:８０        | 10 | bad port '８０' for 'fw': expected a number from 1 to 65535 (default 1080)
            socks5://2001:db8::1 | 9  | '2001:db8::1': an IPv6 address needs brackets, as in [2001:db8::1]:1080
            socks5://[fw]:1      | 9  | '[fw]:1' is not a bracketed IPv6 address; write it as [2001:db8::1]:1080
            socks5://300.1.1.1   | 9  | '300.1.1.1' is not an IPv4 address: write four numbers from 0 to 255 separated by dots
            socks5://fw:         | 12 | bad port '' for 'fw': expected a number from 1 to 65535 (default 1080)
            socks5://:1080       | 9  | no host before the ':'; expected host[:port]
            """)
    void badEntriesSayWhatIsWrongAndWhere(String text, int index, String message) {
        AddressSyntaxException thrown = assertThrows(AddressSyntaxException.class,
                () -> SocksServer.parse(text, SocksServer.DEFAULT_PORT));
        assertEquals(message, thrown.getMessage());
        assertEquals(index, thrown.index());
    }

    @ParameterizedTest
    @CsvSource({"fw,1081,fw:1081", "fw:9,1081,fw:9"})
    void theDefaultPortIsUsedOnlyWhenTheEntryHasNone(String text, int defaultPort,
            String printed) throws AddressSyntaxException {
        assertEquals(printed, SocksServer.parse(text, defaultPort).toString());
    }
}
