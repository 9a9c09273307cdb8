package io.pmsocks.pcpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoding pmcd's answers, from bytes laid out as p_error.c, p_idlist.c, p_desc.c and p_instance.c send them. */
class AnswerPduTest {

    @Test
    void greetingOfPmcd6IsVersion2WithItsFeatures() throws Exception {
        // exactly what pmcd 6.0.3 sent this client: x_error_t {status 0, __pmPDUInfo {zero 0,
        // version 2, licensed 1, features DESCS|HIGHRES|LABELS|CONTAINER|AUTH = 0x0e44}}
        Greeting greeting = Greeting.decode(Bytes.pdu("00000014 00007000 00000000 00000000 02010e44"));
        assertEquals(new Greeting(2, 0x0e44), greeting);
        assertEquals(false, greeting.requiresCredentials());
        assertEquals(false, greeting.requiresClientCertificate());
    }

    @Test
    void greetingFlagsForAuthenticationAndCertificates() throws Exception {
        Greeting greeting = Greeting.decode(Bytes.pdu("00000014 00007000 00000000 00000000 02010088"));
        assertTrue(greeting.requiresCredentials());
        assertTrue(greeting.requiresClientCertificate());
    }

    @Test
    void refusalInTheGreetingIsAVersion1CodeMappedBack() throws Exception {
        // pmcd sends XLATE_ERR_2TO1(PM_ERR_PERMISSION) = -1042 = 0xfffffbee
        PcpException refused = assertThrows(PcpException.class,
                () -> Greeting.decode(Bytes.pdu("00000014 00007000 00000000 fffffbee 00000000")));
        assertEquals(PcpErrors.PM_ERR_PERMISSION, refused.code());
        assertEquals("No permission to perform requested operation", refused.getMessage());
    }

    @Test
    void greetingWithoutTheFeatureWordIsAPcp1Pmcd() {
        PcpProtocolException old = assertThrows(PcpProtocolException.class,
                () -> Greeting.decode(Bytes.pdu("00000010 00007000 00000000 00000000")));
        assertEquals("IPC protocol failure: greeting PDU of 16 bytes, expected 20 (PCP 2.0 or later)",
                old.getMessage());
    }

    @Test
    void greetingOfAnotherTypeIsNotPmcd() {
        PcpProtocolException notPmcd = assertThrows(PcpProtocolException.class,
                () -> Greeting.decode(Bytes.pdu("00000014 00007001 00000000 00000000 02010e44")));
        assertTrue(notPmcd.getMessage().contains("got a RESULT PDU"), notPmcd.getMessage());
    }

    @Test
    void greetingOfAnotherProtocolVersionIsRefused() {
        PcpProtocolException v3 = assertThrows(PcpProtocolException.class,
                () -> Greeting.decode(Bytes.pdu("00000014 00007000 00000000 00000000 03010e44")));
        assertTrue(v3.getMessage().endsWith("pmcd offers PDU version 3, expected 2"), v3.getMessage());
    }

    @Test
    void errorPduCarriesANegativePcpCode() throws Exception {
        // p_error_t {status PM_ERR_NAME = -12357 = 0xffffcfbb}
        assertEquals(PcpErrors.PM_ERR_NAME, ErrorPdu.status(Bytes.pdu("00000010 00007000 00000000 ffffcfbb")));
    }

    @Test
    void errorPduOfAnOddLengthIsAProtocolFailure() {
        assertThrows(PcpProtocolException.class,
                () -> ErrorPdu.status(Bytes.pdu("00000018 00007000 00000000 ffffcfbb 00000000 00000000")));
    }

    @Test
    void idListGivesOnePmidPerName() throws Exception {
        // idlist_t: status (names found) 1, numids 1, hinv.ncpu = 60.0.32
        List<Pmid> ids = IdsPdu.decode(Bytes.pdu("00000018 0000700d 00000000 00000001 00000001 0f000020"), 1);
        assertEquals(List.of(new Pmid(0x0f000020)), ids);
        assertEquals("60.0.32", ids.get(0).toString());
    }

    @Test
    void idListMarksAnUnknownNameWithTheNullPmid() throws Exception {
        List<Pmid> ids = IdsPdu.decode(
                Bytes.pdu("0000001c 0000700d 00000000 00000001 00000002 0f000020 ffffffff"), 2);
        assertEquals(Pmid.NULL, ids.get(1));
    }

    @Test
    void idListWithAnotherCountThanAskedIsAProtocolFailure() {
        assertThrows(PcpProtocolException.class,
                () -> IdsPdu.decode(Bytes.pdu("00000018 0000700d 00000000 00000001 00000001 0f000020"), 2));
    }

    @Test
    void idListWithTrailingBytesIsAProtocolFailure() {
        PcpProtocolException trailing = assertThrows(PcpProtocolException.class,
                () -> IdsPdu.decode(Bytes.pdu("0000001c 0000700d 00000000 00000001 00000001 0f000020 00000000"), 1));
        assertEquals("IPC protocol failure: PMNS_IDS PDU: 4 unexpected bytes at the end", trailing.getMessage());
    }

    @Test
    void descGivesTypeIndomSemanticsAndUnits() throws Exception {
        // desc_t: pmDesc {pmid 60.0.32, type PM_TYPE_U32, indom PM_INDOM_NULL, sem DISCRETE, units 0}
        MetricDesc desc = DescPdu.decode(
                Bytes.pdu("00000020 00007005 00000000 0f000020 00000001 ffffffff 00000004 00000000"));
        assertEquals(new MetricDesc(new Pmid(0x0f000020), MetricType.U32, InDom.NULL, 4, 0), desc);
    }

    @Test
    void descOfAnUnknownTypeIsAProtocolFailure() {
        assertThrows(PcpProtocolException.class, () -> DescPdu.decode(
                Bytes.pdu("00000020 00007005 00000000 0f000020 0000002a ffffffff 00000004 00000000")));
    }

    @Test
    void shortDescNamesTheMissingField() {
        PcpProtocolException shortDesc = assertThrows(PcpProtocolException.class, () -> DescPdu.decode(
                Bytes.pdu("0000001c 00007005 00000000 0f000020 00000001 ffffffff 00000004")));
        assertEquals("IPC protocol failure: DESC PDU: too short for units (4 bytes needed at offset 28, PDU has 28)",
                shortDesc.getMessage());
    }

    @Test
    void instancesAsPmcd603SentThemForItsOwnBufferDomain() throws Exception {
        // captured from pmcd 6.0.3 for indom 2.5: its PMDA leaves the indom word unset (0x0a0024d0);
        // then numinst 7 and instlist_t {inst, namelen, name padded with '~'}
        Map<Integer, String> names = InstancePdu.decode(Bytes.pdu(
                "0000006c 00007007 00000000 0a0024d0 00000007 0000000c 00000004 30303132 00000014 00000004"
                        + " 30303230 00000400 00000004 31303234 00000800 00000004 32303438 00001064 00000004"
                        + " 34313936 00002000 00000004 38313932 00002001 00000005 38313932 2b7e7e7e"));
        assertEquals(List.of(12, 20, 1024, 2048, 4196, 8192, 8193), List.copyOf(names.keySet()));
        assertEquals("8192+", names.get(8193));
        assertEquals("0012", names.get(12));
    }

    @Test
    void instanceNameRunningPastThePduIsAProtocolFailure() {
        assertThrows(PcpProtocolException.class, () -> InstancePdu.decode(
                Bytes.pdu("00000020 00007007 00000000 0f000000 00000001 00000000 00000008 63707530")));
    }
}
