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
