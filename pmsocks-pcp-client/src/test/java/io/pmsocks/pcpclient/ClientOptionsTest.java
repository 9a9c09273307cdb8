package io.pmsocks.pcpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientOptionsTest {

    private static ClientOptions parse(String... args) throws Exception {
        return ClientOptions.parse(List.of(args), Map.of());
    }

    private static String usageError(Map<String, String> environment, String... args) {
        return assertThrows(ClientOptions.UsageException.class,
                () -> ClientOptions.parse(List.of(args), environment)).getMessage();
    }

    @Test
    void hostAndMetricsWithDefaults() throws Exception {
        assertEquals(new ClientOptions("fw", 44321, Optional.empty(), List.of("hinv.ncpu", "pmcd.version")),
                parse("fw", "hinv.ncpu", "pmcd.version"));
    }

    @Test
    void portAndFractionalTimeout() throws Exception {
        assertEquals(new ClientOptions("10.2.0.7", 4321, Optional.of(Duration.ofMillis(2500)), List.of("hinv.ncpu")),
                parse("-p", "4321", "-t", "2.5", "10.2.0.7", "hinv.ncpu"));
    }

    @Test
    void portDefaultsToTheFirstOfPmcdPort() throws Exception {
        assertEquals(4321, ClientOptions.parse(List.of("h", "m"), Map.of("PMCD_PORT", "4321,44321")).port());
        assertEquals(5000, ClientOptions.parse(List.of("-p", "5000", "h", "m"), Map.of("PMCD_PORT", "4321")).port());
    }

    @Test
    void doubleDashEndsTheOptions() throws Exception {
        assertEquals("-odd-host", parse("--", "-odd-host", "m").host());
    }

    @Test
    void everyMistakeIsNamed() {
        assertEquals("no host given", usageError(Map.of()));
        assertEquals("no metric given", usageError(Map.of(), "host"));
        assertEquals("unknown option -x", usageError(Map.of(), "-x", "host", "m"));
        assertEquals("option -p needs a value", usageError(Map.of(), "-p"));
        assertEquals("-p 0: not a port number (1 to 65535)", usageError(Map.of(), "-p", "0", "h", "m"));
        assertEquals("-p 65536: not a port number (1 to 65535)", usageError(Map.of(), "-p", "65536", "h", "m"));
        assertEquals("-t 0: not a positive number of seconds", usageError(Map.of(), "-t", "0", "h", "m"));
        assertEquals("-t 1e3: not a positive number of seconds", usageError(Map.of(), "-t", "1e3", "h", "m"));
        assertEquals("-t -1: not a positive number of seconds", usageError(Map.of(), "-t", "-1", "h", "m"));
        assertEquals("PMCD_PORT=pmcd: not a port number (1 to 65535)", usageError(Map.of("PMCD_PORT", "pmcd"), "h", "m"));
    }
}
