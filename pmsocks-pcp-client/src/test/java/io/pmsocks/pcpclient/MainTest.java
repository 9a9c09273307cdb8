package io.pmsocks.pcpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsWhatItCanAndFailsForTheUnknownMetric() throws Exception {
        try (FakePmcd pmcd = new FakePmcd(fake -> {
            fake.send(FakePmcd.GREETING);
            fake.receive();
            fake.receive();
            fake.send("00000010 00007000 00000000 ffffcfbb");
            fake.receive();
            fake.send("00000018 0000700d 00000000 00000001 00000001 00800007");
            fake.receive();
            fake.send("00000020 00007005 00000000 00800007 00000006 ffffffff 00000004 00000000");
            fake.receive();
            fake.receive();
            fake.send("00000038 00007001 00000000 6553f100 00000000 00000001"
                    + " 00800007 00000001 00000001 ffffffff 0000000b 0600000a 362e302e 33007e7e");
            fake.awaitClientClose();
        })) {
            int status = run("-p", Integer.toString(pmcd.port()), "-t", "5", "127.0.0.1", "no.such.metric", "pmcd.version");
            pmcd.finish();
            assertEquals(Main.EXIT_METRIC_FAILED, status);
            assertEquals("pmcd.version \"6.0.3\"" + System.lineSeparator(), out());
            assertEquals("pmsocks-pcp-client: no.such.metric: Unknown metric name" + System.lineSeparator(), err());
        }
    }

    @Test
    void metricWithNoValuesIsAFailure() throws Exception {
        try (FakePmcd pmcd = new FakePmcd(fake -> {
            fake.send(FakePmcd.GREETING);
            fake.receive();
            fake.receive();
            fake.send("00000018 0000700d 00000000 00000001 00000001 0f000020");
            fake.receive();
            fake.send("00000020 00007005 00000000 0f000020 00000001 ffffffff 00000004 00000000");
            fake.receive();
            fake.receive();
            fake.send("00000020 00007001 00000000 6553f100 00000000 00000001 0f000020 00000000");
            fake.awaitClientClose();
        })) {
            assertEquals(Main.EXIT_METRIC_FAILED, run("-p", Integer.toString(pmcd.port()), "127.0.0.1", "hinv.ncpu"));
            assertEquals("", out());
            assertEquals("pmsocks-pcp-client: hinv.ncpu: No value(s) available" + System.lineSeparator(), err());
        }
    }

    @Test
    void connectFailurePrintsTheExceptionAsIs() throws Exception {
        int closedPort = FakePmcd.closedPort();
        assertEquals(Main.EXIT_NO_PMCD, run("-p", Integer.toString(closedPort), "127.0.0.1", "hinv.ncpu"));
        assertEquals("pmsocks-pcp-client: cannot connect to pmcd at 127.0.0.1:" + closedPort
                + ": java.net.ConnectException: Connection refused" + System.lineSeparator(), err());
    }

    @Test
    void protocolFailureAfterConnectingEndsTheRun() throws Exception {
        try (FakePmcd pmcd = new FakePmcd(fake -> {
            fake.send(FakePmcd.GREETING);
            fake.receive();
            fake.closeConnection();
        })) {
            assertEquals(Main.EXIT_NO_PMCD, run("-p", Integer.toString(pmcd.port()), "127.0.0.1", "a.b", "c.d"));
            assertEquals("pmsocks-pcp-client: pmcd at 127.0.0.1:" + pmcd.port()
                    + ": IPC channel closed: pmcd closed the connection" + System.lineSeparator(), err());
        }
    }

    @Test
    void usageErrorSaysWhatAndHow() {
        assertEquals(Main.EXIT_USAGE, run("localhost"));
        assertEquals("pmsocks-pcp-client: no metric given" + System.lineSeparator() + ClientOptions.USAGE
                + System.lineSeparator(), err());
    }

    @Test
    void helpGoesToStdoutWithTheExitCodes() {
        assertEquals(Main.EXIT_OK, run("--help"));
        assertEquals(ClientOptions.USAGE, out().lines().findFirst().orElseThrow());
        assertEquals(true, out().contains("3 pmcd unreachable"));
    }
}
