package io.pmsocks.pcpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Values as pmcd sends them (__pmStuffValue: 32-bit in situ, the rest in big-endian blocks). */
class MetricValueTest {

    private static String text(MetricType type, PmValue value) throws Exception {
        return MetricValue.decode(type, value).text();
    }

    private static PmValue.Block block(MetricType type, String words) {
        return new PmValue.Block(-1, type.code(), Bytes.hex(words));
    }

    @Test
    void thirtyTwoBitIntegersInSitu() throws Exception {
        assertEquals("-2", text(MetricType.I32, new PmValue.InSitu(-1, -2)));
        assertEquals("4294967294", text(MetricType.U32, new PmValue.InSitu(-1, -2)));
    }

    @Test
    void sixtyFourBitIntegersInBlocks() throws Exception {
        assertEquals("-1", text(MetricType.I64, block(MetricType.I64, "ffffffff ffffffff")));
        assertEquals("18446744073709551615", text(MetricType.U64, block(MetricType.U64, "ffffffff ffffffff")));
        assertEquals("4294967296", text(MetricType.U64, block(MetricType.U64, "00000001 00000000")));
    }

    @Test
    void floatingPointInBlocksAndOldStyleFloatInSitu() throws Exception {
        assertEquals("1017.08", text(MetricType.DOUBLE, block(MetricType.DOUBLE, "408fc8a3 d70a3d71")));
        assertEquals("0.28999999", text(MetricType.FLOAT, block(MetricType.FLOAT, "3e947ae1")));
        assertEquals("0.28999999", text(MetricType.FLOAT, new PmValue.InSitu(-1, 0x3e947ae1)));
    }

    @Test
    void stringEndsAtItsNul() throws Exception {
        assertEquals("\"x86_64\"", text(MetricType.STRING, block(MetricType.STRING, "7838365f 363400")));
        assertEquals("\"\"", text(MetricType.STRING, block(MetricType.STRING, "00")));
    }

    @Test
    void aggregateIsShownAsItsBytes() throws Exception {
        assertEquals("[aggregate, 3 bytes] 010203", text(MetricType.AGGREGATE, block(MetricType.AGGREGATE, "010203")));
    }

    @Test
    void valueInTheWrongFormForItsTypeIsAProtocolFailure() {
        PcpProtocolException inSitu64 = assertThrows(PcpProtocolException.class,
                () -> text(MetricType.U64, new PmValue.InSitu(3, 1)));
        assertEquals("IPC protocol failure: a 64-bit unsigned int value (instance 3) in situ,"
                + " expected in a value block", inSitu64.getMessage());
        assertThrows(PcpProtocolException.class, () -> text(MetricType.U32, block(MetricType.U32, "00000001")));
        assertThrows(PcpProtocolException.class, () -> text(MetricType.DOUBLE, block(MetricType.DOUBLE, "00000001")));
    }
}
