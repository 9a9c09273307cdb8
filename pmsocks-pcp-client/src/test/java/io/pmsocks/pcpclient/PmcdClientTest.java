package io.pmsocks.pcpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The client against a scripted pmcd: the bytes it sends, in order, and how it reads the answers. */
class PmcdClientTest {

    private static final Optional<Duration> TIMEOUT = Optional.of(Duration.ofSeconds(5));

    private static String pidWord() {
        return String.format("%08x", ProcessHandle.current().pid());
    }

    @Test
    void readLooksUpDescribesFetchesAndNamesInstances() throws Exception {
        try (FakePmcd pmcd = new FakePmcd(fake -> {
            fake.send(FakePmcd.GREETING);
            fake.receive(); // CREDS
            fake.receive(); // PMNS_NAMES
            fake.send("00000018 0000700d 00000000 00000001 00000001 0f004800");
            fake.receive(); // DESC_REQ
            fake.send("00000020 00007005 00000000 0f004800 00000001 0f000000 00000004 00000000");
            fake.receive(); // PROFILE
            fake.receive(); // FETCH
            // a state-change notice (positive status) before the RESULT, as pmcd sends after a restart
            fake.send("00000010 00007000 00000000 00000001");
            fake.send("00000034 00007001 00000000 6553f100 00000000 00000001"
                    + " 0f004800 00000002 00000000 00000000 00000000 00000001 00000001");
            fake.receive(); // INSTANCE_REQ
            fake.send("0000002c 00007007 00000000 0f000000 00000002"
                    + " 00000000 00000004 63707530 00000001 00000004 63707531");
            fake.awaitClientClose();
        }); PmcdClient client = PmcdClient.connect("127.0.0.1", pmcd.port(), TIMEOUT)) {
            MetricReading reading = client.read("hinv.map.cpu_num");
            assertEquals(List.of("hinv.map.cpu_num [0 or \"cpu0\"] 0", "hinv.map.cpu_num [1 or \"cpu1\"] 1"),
                    reading.lines());
            client.close();
            pmcd.finish();
            assertEquals(List.of(
                    "00000014 0000700c " + pidWord() + " 00000001 01020000",
                    "0000002c 0000700e 00000000 00000011 00000000 00000001 00000010 68696e76 2e6d6170 2e637075 5f6e756d",
                    "00000010 00007004 00000000 0f004800",
                    "0000001c 00007002 00000000 00000000 00000000 00000000 00000000",
                    "00000020 00007003 00000000 00000000 00000000 00000000 00000001 0f004800",
                    "00000020 00007006 00000000 0f000000 00000000 00000000 ffffffff 00000000"),
                    pmcd.received());
        }
    }

    @Test
    void unknownNameFailsThatMetricOnlyAndTheProfileIsSentOnce() throws Exception {
        try (FakePmcd pmcd = new FakePmcd(fake -> {
            fake.send(FakePmcd.GREETING);
            fake.receive(); // CREDS
            fake.receive(); // PMNS_NAMES no.such.metric
            fake.send("00000010 00007000 00000000 ffffcfbb");
            for (int value = 2; value <= 3; value++) {
                fake.receive(); // PMNS_NAMES hinv.ncpu
                fake.send("00000018 0000700d 00000000 00000001 00000001 0f000020");
                fake.receive(); // DESC_REQ
                fake.send("00000020 00007005 00000000 0f000020 00000001 ffffffff 00000004 00000000");
                if (value == 2) {
                    fake.receive(); // PROFILE, before the first FETCH only
                }
                fake.receive(); // FETCH
                fake.send("0000002c 00007001 00000000 6553f100 00000000 00000001"
                        + " 0f000020 00000001 00000000 ffffffff 0000000" + value);
            }
            fake.awaitClientClose();
        }); PmcdClient client = PmcdClient.connect("127.0.0.1", pmcd.port(), TIMEOUT)) {
            PcpException unknown = assertThrows(PcpException.class, () -> client.read("no.such.metric"));
            assertEquals(PcpErrors.PM_ERR_NAME, unknown.code());
            assertEquals("Unknown metric name", unknown.getMessage());
            assertEquals(List.of("hinv.ncpu 2"), client.read("hinv.ncpu").lines());
            assertEquals(List.of("hinv.ncpu 3"), client.read("hinv.ncpu").lines());
            client.close();
            pmcd.finish();
            assertEquals(1, pmcd.received().stream().filter(pdu -> pdu.startsWith("0000001c 00007002")).count());
            assertEquals(9, pmcd.received().size());
        }
    }

    @Test
    void errorInPlaceOfTheValuesIsThatMetricsError() throws Exception {
        try (FakePmcd pmcd = new FakePmcd(fake -> {
            fake.send(FakePmcd.GREETING);
            fake.receive();
            fake.receive();
            fake.send("00000018 0000700d 00000000 00000001 00000001 1d000001");
            fake.receive();
            fake.send("00000020 00007005 00000000 1d000001 00000003 ffffffff 00000001 00000000");
            fake.receive();
            fake.receive();
            fake.send("00000020 00007001 00000000 6553f100 00000000 00000001 1d000001 ffffcf9e");
            fake.awaitClientClose();
        }); PmcdClient client = PmcdClient.connect("127.0.0.1", pmcd.port(), TIMEOUT)) {
            PcpException noAgent = assertThrows(PcpException.class, () -> client.read("some.counter"));
            assertEquals("No PMCD agent for domain of request", noAgent.getMessage());
        }
    }

    @Test
    void answerOfTheWrongTypeIsAProtocolFailure() throws Exception {
        try (FakePmcd pmcd = new FakePmcd(fake -> {
            fake.send(FakePmcd.GREETING);
            fake.receive();
            fake.receive();
            fake.send("00000020 00007005 00000000 0f000020 00000001 ffffffff 00000004 00000000");
            fake.awaitClientClose();
        }); PmcdClient client = PmcdClient.connect("127.0.0.1", pmcd.port(), TIMEOUT)) {
            PcpProtocolException wrong = assertThrows(PcpProtocolException.class, () -> client.lookupName("hinv.ncpu"));
            assertEquals("IPC protocol failure: expected a PMNS_IDS PDU in answer to PMNS_NAMES, got a DESC PDU",
                    wrong.getMessage());
        }
    }

    @Test
    void pmcdClosingTheConnectionIsEndOfChannel() throws Exception {
        try (FakePmcd pmcd = new FakePmcd(fake -> {
            fake.send(FakePmcd.GREETING);
            fake.receive();
            fake.closeConnection();
        }); PmcdClient client = PmcdClient.connect("127.0.0.1", pmcd.port(), TIMEOUT)) {
            PcpProtocolException closed = assertThrows(PcpProtocolException.class, () -> client.read("hinv.ncpu"));
            assertEquals(PcpErrors.PM_ERR_EOF, closed.code());
        }
    }

    @Test
    void silentPeerRunsOutTheRequestTimeout() throws Exception {
        try (FakePmcd pmcd = new FakePmcd(FakePmcd::awaitClientClose)) {
            PcpProtocolException silent = assertThrows(PcpProtocolException.class,
                    () -> PmcdClient.connect("127.0.0.1", pmcd.port(), Optional.of(Duration.ofMillis(300))));
            assertEquals("Timeout waiting for a response from PMCD: no answer from pmcd at 127.0.0.1:" + pmcd.port()
                    + " within 0.3 s while waiting for its greeting", silent.getMessage());
        }
    }

    @Test
    void peerThatIsNotPmcdIsNamedAsSuch() throws Exception {
        try (FakePmcd pmcd = new FakePmcd(fake -> {
            // "SSH-2.0-OpenSSH_9.2p1\r\n": its first word read as a length is far too large
            fake.send("5353482d 322e302d 4f70656e 5353485f 392e3270 310d0a");
            fake.awaitClientClose();
        })) {
            PcpProtocolException ssh = assertThrows(PcpProtocolException.class,
                    () -> PmcdClient.connect("127.0.0.1", pmcd.port(), TIMEOUT));
            assertTrue(ssh.getMessage().contains("impossible length 1397966893"), ssh.getMessage());
        }
    }

    @Test
    void pmcdDemandingAuthenticationIsRefusedWithAReason() throws Exception {
        try (FakePmcd pmcd = new FakePmcd(fake -> {
            fake.send("00000014 00007000 00000000 00000000 02010e4c");
            fake.awaitClientClose();
        })) {
            IOException auth = assertThrows(IOException.class,
                    () -> PmcdClient.connect("127.0.0.1", pmcd.port(), TIMEOUT));
            assertEquals("pmcd at 127.0.0.1:" + pmcd.port() + " requires authentication (pmcd -S),"
                    + " which this client does not implement", auth.getMessage());
        }
    }

    @Test
    void connectFailureIsTheSocketsOwnException() throws Exception {
        int closedPort = FakePmcd.closedPort();
        IOException refused = assertThrows(IOException.class,
                () -> PmcdClient.connect("127.0.0.1", closedPort, TIMEOUT));
        assertEquals("java.net.ConnectException", refused.getClass().getName());
        assertEquals("Connection refused", refused.getMessage());
    }
}
