package io.pmsocks.pcpclient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RESULT PDUs laid out as p_result.c's __pmEncodeValueSet writes them: result_t {hdr, pmTimeval,
 * numpmid}, then per metric vlist_t {pmid, numval, [valfmt, numval x {inst, value}]}, then the
 * pmValueBlocks, each found through its value word: an offset from the PDU start in 4-byte words.
 */
class ResultPduTest {

    @Test
    void singularValueInSitu() throws Exception {
        // hinv.ncpu = 2 at 0x6553f100.500000: numpmid 1, {60.0.32, numval 1, INSITU, {PM_IN_NULL, 2}}
        ResultPdu.FetchResult result = ResultPdu.decode(Bytes.pdu("0000002c 00007001 00000000"
                + " 6553f100 0007a120 00000001"
                + " 0f000020 00000001 00000000 ffffffff 00000002"));
        assertEquals(0x6553f100L, result.seconds());
        assertEquals(500000, result.microseconds());
        assertEquals(List.of(new ValueSet(new Pmid(0x0f000020), 1, List.of(new PmValue.InSitu(-1, 2)))),
                result.valueSets());
    }

    @Test
    void valueBlocksErrorsAndInstancesInOneResult() throws Exception {
        // bytes 24..44:  pmcd.version (2.0.7), one value in a block at word 25 (byte 100)
        // bytes 44..64:  mem.physmem, one U64 in a block at word 28 (byte 112)
        // bytes 64..72:  a metric whose agent is missing: numval PM_ERR_NOAGENT (-12386)
        // bytes 72..100: two instances in situ, 0 -> 0 and 1 -> 1
        // bytes 100..112: pmValueBlock {vtype STRING, vlen 10} "6.0.3\0" + "~~"
        // bytes 112..124: pmValueBlock {vtype U64, vlen 12} 24683620
        ResultPdu.FetchResult result = ResultPdu.decode(Bytes.pdu("0000007c 00007001 00000000"
                + " 6553f100 00000000 00000004"
                + " 00800007 00000001 00000001 ffffffff 00000019"
                + " 0f000409 00000001 00000001 ffffffff 0000001c"
                + " 1d000001 ffffcf9e"
                + " 0f004800 00000002 00000000 00000000 00000000 00000001 00000001"
                + " 0600000a 362e302e 33007e7e"
                + " 0300000c 00000000 0178a464"));
        List<ValueSet> sets = result.valueSets();
        assertEquals(4, sets.size());

        PmValue.Block version = (PmValue.Block) sets.get(0).values().get(0);
        assertEquals(MetricType.STRING.code(), version.type());
        assertArrayEquals("6.0.3\0".getBytes(StandardCharsets.US_ASCII), version.contents());
        assertEquals("\"6.0.3\"", MetricValue.decode(MetricType.STRING, version).text());

        PmValue physmem = sets.get(1).values().get(0);
        assertEquals("24683620", MetricValue.decode(MetricType.U64, physmem).text());

        assertTrue(sets.get(2).isError());
        assertEquals(PcpErrors.PM_ERR_NOAGENT, sets.get(2).numval());
        assertEquals(List.of(), sets.get(2).values());

        assertEquals(List.of(new PmValue.InSitu(0, 0), new PmValue.InSitu(1, 1)), sets.get(3).values());
    }

    @Test
    void metricWithoutValuesHasNoValueFormatWord() throws Exception {
        ResultPdu.FetchResult result = ResultPdu.decode(Bytes.pdu("00000020 00007001 00000000"
                + " 6553f100 00000000 00000001 0f000020 00000000"));
        assertEquals(List.of(new ValueSet(new Pmid(0x0f000020), 0, List.of())), result.valueSets());
    }

    @Test
    void valueBlockOffsetInsideTheVlistsIsAProtocolFailure() {
        PcpProtocolException inside = assertThrows(PcpProtocolException.class,
                () -> ResultPdu.decode(Bytes.pdu("0000002c 00007001 00000000"
                        + " 6553f100 00000000 00000001"
                        + " 0f000020 00000001 00000001 ffffffff 00000003")));
        assertEquals("IPC protocol failure: RESULT PDU: value block of instance -1 at byte 12,"
                + " outside the value blocks (44 to 44)", inside.getMessage());
    }

    @Test
    void valueBlockLongerThanThePduIsAProtocolFailure() {
        PcpProtocolException overrun = assertThrows(PcpProtocolException.class,
                () -> ResultPdu.decode(Bytes.pdu("00000038 00007001 00000000"
                        + " 6553f100 00000000 00000001"
                        + " 0f000409 00000001 00000001 ffffffff 0000000b"
                        + " 03000010 00000000 0178a464")));
        assertTrue(overrun.getMessage().endsWith("has length 16 (PDU has 56 bytes)"), overrun.getMessage());
    }

    @Test
    void unknownValueFormatIsAProtocolFailure() {
        assertThrows(PcpProtocolException.class, () -> ResultPdu.decode(Bytes.pdu("0000002c 00007001 00000000"
                + " 6553f100 00000000 00000001 0f000020 00000001 00000007 ffffffff 00000002")));
    }

    @Test
    void countLargerThanThePduIsAProtocolFailure() {
        assertThrows(PcpProtocolException.class, () -> ResultPdu.decode(Bytes.pdu("0000001c 00007001 00000000"
                + " 6553f100 00000000 7fffffff 0f000020")));
        assertThrows(PcpProtocolException.class, () -> ResultPdu.decode(Bytes.pdu("00000024 00007001 00000000"
                + " 6553f100 00000000 00000001 0f000020 00100000 00000000")));
    }
}
