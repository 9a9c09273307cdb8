package io.pmsocks.pcpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PcpErrorsTest {

    @Test
    void pcpCodesHavePmErrStrTexts() {
        assertEquals("Unknown metric name", PcpErrors.message(-12357));
        assertEquals("PM_ERR_NAME", PcpErrors.symbol(PcpErrors.PM_ERR_NAME));
        assertEquals("No PMCD agent for domain of request", PcpErrors.message(PcpErrors.PM_ERR_NOAGENT));
        assertEquals("Missing profile - protocol botch", PcpErrors.message(PcpErrors.PM_ERR_NOPROFILE));
        assertEquals("Timeout waiting for a response from PMCD", PcpErrors.message(PcpErrors.PM_ERR_TIMEOUT));
    }

    @Test
    void errnoValuesHaveStrerrorTexts() {
        assertEquals("Connection refused", PcpErrors.message(-111));
        assertEquals("Unknown error 200", PcpErrors.message(-200));
        assertEquals("errno 111", PcpErrors.symbol(-111));
    }

    @Test
    void codesOutsideBothRangesAreNamedAsSuch() {
        assertEquals("No such PMAPI error code (-12999)", PcpErrors.message(-12999));
        assertEquals("-12999", PcpErrors.symbol(-12999));
    }

    @Test
    void version1CodesMapBackToVersion2() {
        assertEquals(PcpErrors.PM_ERR_NAME, PcpErrors.fromVersion1(-1012));
        assertEquals(PcpErrors.PM_ERR_CONNLIMIT, PcpErrors.fromVersion1(-1043));
        // errno values and success pass unchanged
        assertEquals(-111, PcpErrors.fromVersion1(-111));
        assertEquals(0, PcpErrors.fromVersion1(0));
    }
}
