package io.pmsocks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Environment variables and agent options (SPEC §4). */
class SettingsTest {

    private static Settings fromEnvironment(Map<String, String> environment)
            throws ConfigException {
        return Settings.from(environment, Map.of());
    }

    private static List<String> rejected(Map<String, String> environment,
            Map<String, String> options) {
        ConfigException thrown = assertThrows(ConfigException.class,
                () -> Settings.from(environment, options));
        return thrown.diagnostics().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void defaults() throws ConfigException {
        Settings settings = fromEnvironment(Map.of());
        assertNull(settings.defaultServer());
        assertNull(settings.nameServer());
        assertNull(settings.configOption());
        assertEquals(Settings.Debug.OFF, settings.debug());
        assertFalse(settings.banner());
        assertEquals(Duration.ofSeconds(5), settings.pmcdConnectTimeout());
        assertEquals(Set.of(44321, 4321), settings.pmcdPorts());
        assertTrue(settings.isPmcdPort(4321));
        assertFalse(settings.isPmcdPort(44322));
    }

    @Test
    void serverAndPort() throws ConfigException {
        assertEquals(new SocksServer("fw.example.com", 1080),
                fromEnvironment(Map.of("SOCKS_SERVER", "fw.example.com")).defaultServer());
        assertEquals(new SocksServer("fw", 1081),
                fromEnvironment(Map.of("SOCKS_SERVER", "fw", "SOCKS_PORT", "1081"))
                        .defaultServer());
        assertNull(fromEnvironment(Map.of("SOCKS_PORT", "1081")).defaultServer());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            SOCKS_SERVER=fw:1081,SOCKS_PORT=9                          | fw:1081
            SOCKS_SERVER=fw,SOCKS_PORT=9                               | fw:9
            SOCKS_SERVER=socks5://alice@fw,SOCKS5_SERVER=other         | socks5://alice@fw:1080
            SOCKS5_SERVER=fw5:1085,SOCKS4_SERVER=fw4,HTTP_CONNECT_PROXY=http://p:3128 | socks5://fw5:1085
            SOCKS4_SERVER=fw4,HTTP_CONNECT_PROXY=http://p:3128         | fw4:1080
            SOCKS5_SERVER=[2001:db8::5],SOCKS_PORT=9                   | socks5://[2001:db8::5]:1080
            HTTP_CONNECT_PROXY=http://p:3128                           | http://p:3128
            HTTP_CONNECT_PROXY=HTTP://p:3128/                          | http://p:3128
            HTTP_CONNECT_PROXY=p                                       | http://p:1080
            """)
    void theDefaultServerFollowsTheVariablesOrder(String assignments, String server)
            throws ConfigException {
        Map<String, String> environment = new java.util.HashMap<>();
        for (String assignment : assignments.split(",")) {
            int equals = assignment.indexOf('=');
            environment.put(assignment.substring(0, equals), assignment.substring(equals + 1));
        }
        assertEquals(server, fromEnvironment(environment).defaultServer().toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            SOCKS_SERVER       | fw:99999         | SOCKS_SERVER: error: bad port '99999' for 'fw': expected a number from 1 to 65535 (default 1080)
            SOCKS_SERVER       | ftp://fw         | SOCKS_SERVER: error: unknown scheme 'ftp'; expected socks4, socks4a, socks5, socks5h or http
            SOCKS_SERVER       | socks5://u:p@fw  | SOCKS_SERVER: error: a password is not accepted in a server entry (everyone can read this file): write only USER@, and put the password in SOCKS_PASSWORD or in the credentials file (pcp_socks.conf(5))
            SOCKS5_SERVER      | socks5://fw      | SOCKS5_SERVER: error: 'socks5://fw': write only host[:port] here; a scheme or user goes in SOCKS_SERVER ([SCHEME://][USER@]HOST[:PORT])
            SOCKS4_SERVER      | 2001:db8::1      | SOCKS4_SERVER: error: '2001:db8::1': an IPv6 address needs brackets, as in [2001:db8::1]:1080
            HTTP_CONNECT_PROXY | socks5://p:1080  | HTTP_CONNECT_PROXY: error: 'socks5://p:1080': write only http://host[:port] here; a scheme or user goes in SOCKS_SERVER ([SCHEME://][USER@]HOST[:PORT])
            HTTP_CONNECT_PROXY | http://p:x       | HTTP_CONNECT_PROXY: error: bad port 'x' for 'p': expected a number from 1 to 65535 (default 1080)
            """)
    void aBadServerVariableIsNamed(String variable, String value, String message) {
        assertEquals(List.of(message), rejected(Map.of(variable, value), Map.of()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ns.example:x  | SOCKS_NS: error: bad port 'x' for 'ns.example': expected a number from 1 to 65535
            ::1           | SOCKS_NS: error: '::1': an IPv6 address needs brackets, as in [2001:db8::1]:1080
            ns example    | SOCKS_NS: error: 'ns example' is not a host name or address; expected host[:port], such as fw:1080 or 192.0.2.1
            """)
    void socksNsIsAHostAndPortLikeTheServers(String value, String message) {
        assertEquals(List.of(message), rejected(Map.of("SOCKS_NS", value), Map.of()));
    }

    @Test
    void socksNsKeepsItsTextForTheDnsUrl() throws ConfigException {
        assertEquals("[2001:db8::53]:5353",
                fromEnvironment(Map.of("SOCKS_NS", "[2001:db8::53]:5353")).nameServer());
        assertEquals("10.0.0.53", fromEnvironment(Map.of("SOCKS_NS", "10.0.0.53")).nameServer());
    }

    @Test
    void aServerVariableHiddenByAnEarlierOneIsStillChecked() {
        assertEquals(List.of("SOCKS4_SERVER: error: '300.1.1.1' is not an IPv4 address: write"
                        + " four numbers from 0 to 255 separated by dots"),
                rejected(Map.of("SOCKS_SERVER", "fw", "SOCKS4_SERVER", "300.1.1.1"), Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "socks_password", "Passwd", "pass"})
    void aPasswordIsNeverAnAgentOption(String key) {
        assertEquals(List.of("agent option " + key + ": error: a password is never taken from an"
                        + " agent option (other users can read the command line in /proc): set"
                        + " SOCKS_PASSWORD or write it in the credentials file (pcp_socks.conf(5))"),
                rejected(Map.of(), Map.of(key, "hunter2")));
    }

    @Test
    void credentialsComeFromTheEnvironmentAndTheUsernameOption() throws Exception {
        Settings settings = Settings.from(Map.of("SOCKS_USERNAME", "env-user",
                "SOCKS_PASSWORD", "pw"), Map.of("username", "opt-user"));
        assertEquals(new ProxyCredentials("opt-user", "pw"), settings.credentials()
                .forServer(SocksServer.parse("socks5://fw", 1080)).orElseThrow());
        assertEquals("/x/creds", Settings.from(Map.of("PMSOCKS_CREDENTIALS", "/env/creds"),
                Map.of("credentials", "/x/creds")).credentials().file());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "65536", "-1", "10 80", "1080x"})
    void aBadSocksPortIsNamed(String port) {
        assertEquals(List.of("SOCKS_PORT: error: not a TCP port number: '" + port + "'"),
                rejected(Map.of("SOCKS_SERVER", "fw", "SOCKS_PORT", port), Map.of()));
    }

    @Test
    void aBadOptionIsNamedAsTheOption() {
        assertEquals(List.of("agent option port: error: not a TCP port number: 'x'"),
                rejected(Map.of("SOCKS_PORT", "1080"), Map.of("port", "x")));
    }

    @ParameterizedTest
    @CsvSource({"0.25,250", "2.5,2500", ".5,500", "5,5000", "5.,5000", "0.001,1"})
    void pmcdConnectTimeoutMayBeFractional(String seconds, long millis) throws ConfigException {
        assertEquals(Duration.ofMillis(millis),
                fromEnvironment(Map.of("PMCD_CONNECT_TIMEOUT", seconds)).pmcdConnectTimeout());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.0", "-1", "abc", "5d", "5s", "0x10p0", "NaN", "Infinity",
        "1e3", "1,5"})
    void aBadPmcdConnectTimeoutIsNamed(String seconds) {
        assertEquals(List.of("PMCD_CONNECT_TIMEOUT: error: not a positive number of seconds: '"
                        + seconds + "'"),
                rejected(Map.of("PMCD_CONNECT_TIMEOUT", seconds), Map.of()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            3601                  | '3601' is more than 3600 seconds
            2147484               | '2147484' is more than 3600 seconds
            99999999999999999999  | '99999999999999999999' is more than 3600 seconds
            0.0004                | '0.0004' is less than a millisecond (0.001)
            """)
    void aPmcdConnectTimeoutOutsideItsBoundsIsAnErrorNotAnOverflow(String seconds,
            String message) {
        assertEquals(List.of("PMCD_CONNECT_TIMEOUT: error: " + message),
                rejected(Map.of("PMCD_CONNECT_TIMEOUT", seconds), Map.of()));
    }

    @Test
    void theBoundsOfPmcdConnectTimeoutAreAccepted() throws ConfigException {
        assertEquals(Duration.ofHours(1),
                fromEnvironment(Map.of("PMCD_CONNECT_TIMEOUT", "3600")).pmcdConnectTimeout());
        assertEquals(Duration.ofMillis(1),
                fromEnvironment(Map.of("PMCD_CONNECT_TIMEOUT", "0.001")).pmcdConnectTimeout());
        assertEquals(Duration.ofMillis(2500),
                fromEnvironment(Map.of("PMCD_CONNECT_TIMEOUT", "2.5")).pmcdConnectTimeout());
    }

    @Test
    void theConnectBoundDefaultsToSixtySecondsTakesFractionsAndZeroForNone()
            throws ConfigException {
        assertEquals(Duration.ofSeconds(60), fromEnvironment(Map.of()).connectBound());
        assertEquals(Duration.ofMillis(1500),
                fromEnvironment(Map.of("PMSOCKS_CONNECT_TIMEOUT", "1.5")).connectBound());
        assertEquals(Duration.ZERO,
                fromEnvironment(Map.of("PMSOCKS_CONNECT_TIMEOUT", "0")).connectBound());
        assertEquals(Duration.ofDays(1),
                fromEnvironment(Map.of("PMSOCKS_CONNECT_TIMEOUT", "86400")).connectBound());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1e3", "soon", "86401", "99999999999999999999", "5s"})
    void aBadConnectBoundIsAnErrorNamingTheVariable(String seconds) {
        assertEquals(List.of("PMSOCKS_CONNECT_TIMEOUT: error: not a number of seconds from 0"
                        + " (no bound) to 86400: '" + seconds + "'"),
                rejected(Map.of("PMSOCKS_CONNECT_TIMEOUT", seconds), Map.of()));
    }

    @Test
    void socksDebugToStderrOrAFile() throws ConfigException {
        assertEquals(new Settings.Debug(true, Path.of("/tmp/pmsocks-debug.log")),
                fromEnvironment(Map.of("SOCKS_DEBUG", "/tmp/pmsocks-debug.log")).debug());
        assertEquals(Settings.Debug.STDERR, fromEnvironment(Map.of("SOCKS_DEBUG", "1")).debug());
        assertEquals(Settings.Debug.STDERR, fromEnvironment(Map.of("SOCKS_DEBUG", "")).debug());
        assertEquals(Settings.Debug.STDERR,
                Settings.from(Map.of(), Map.of("debug", "")).debug());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "off", "OFF", "false", "False"})
    void socksDebugCanBeSwitchedOff(String value) throws ConfigException {
        assertEquals(Settings.Debug.OFF, fromEnvironment(Map.of("SOCKS_DEBUG", value)).debug());
    }

    @Test
    void optionsWinOverTheEnvironment() throws ConfigException {
        Map<String, String> environment = Map.of("SOCKS_SERVER", "env-fw", "SOCKS_PORT", "1081",
                "SOCKS_DEBUG", "1", "PMCD_CONNECT_TIMEOUT", "9", "PMSOCKS_CONFIG", "/env.conf",
                "PMCD_PORT", "1234");
        Map<String, String> options = Map.of("server", "opt-fw", "debug", "off",
                "pmcd_timeout", "0.5", "config", "/opt.conf", "pmcd_port", "44321:4321");
        Settings settings = Settings.from(environment, options);
        assertEquals(new SocksServer("opt-fw", 1081), settings.defaultServer());
        assertEquals(Settings.Debug.OFF, settings.debug());
        assertEquals(Duration.ofMillis(500), settings.pmcdConnectTimeout());
        assertEquals(Set.of(44321, 4321), settings.pmcdPorts());
        assertEquals(new ConfigLocation(Path.of("/opt.conf"), ConfigLocation.Origin.OPTION),
                settings.configLocation(environment));

        Settings fromEnvironment = Settings.from(environment, Map.of());
        assertEquals(new ConfigLocation(Path.of("/env.conf"), ConfigLocation.Origin.ENVIRONMENT),
                fromEnvironment.configLocation(environment));
        assertEquals(Set.of(1234), fromEnvironment.pmcdPorts());
    }

    @Test
    void pmcdPortsCommaSeparated() throws ConfigException {
        assertEquals(Set.of(44321, 4321, 2000),
                fromEnvironment(Map.of("PMCD_PORT", "44321, 4321,2000")).pmcdPorts());
    }

    @Test
    void everyBadVariableIsReported() {
        assertEquals(List.of("SOCKS_PORT: error: not a TCP port number: 'x'",
                        "PMCD_CONNECT_TIMEOUT: error: not a positive number of seconds: 'y'",
                        "PMCD_PORT: error: not a TCP port number: 'z'"),
                rejected(Map.of("SOCKS_PORT", "x", "PMCD_CONNECT_TIMEOUT", "y",
                        "PMCD_PORT", "44321,z"), Map.of()));
    }

    @Test
    void bannerAndNameServer() throws ConfigException {
        Settings settings = fromEnvironment(Map.of("SOCKS_BANNER", "", "SOCKS_NS", "192.0.2.53"));
        assertTrue(settings.banner());
        assertEquals("192.0.2.53", settings.nameServer());
        assertNull(fromEnvironment(Map.of("SOCKS_NS", "")).nameServer());
    }
}
