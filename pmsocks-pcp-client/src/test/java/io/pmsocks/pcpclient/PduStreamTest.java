package io.pmsocks.pcpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class PduStreamTest {

    private static PduStream reading(String words) {
        return new PduStream(new ByteArrayInputStream(Bytes.hex(words)), OutputStream.nullOutputStream());
    }

    @Test
    void readsPdusBackToBackByTheirLengthWord() throws Exception {
        PduStream stream = reading("00000010 00007000 00000000 ffffcfbb"
                + " 00000018 0000700d 00000000 00000001 00000001 0f000020");
        assertEquals(new Pdu(PduType.ERROR, 0, Bytes.hex("ffffcfbb")), stream.receive());
        assertEquals(new Pdu(PduType.PMNS_IDS, 0, Bytes.hex("00000001 00000001 0f000020")), stream.receive());
    }

    @Test
    void closeBetweenPdusIsEndOfChannel() {
        PcpProtocolException eof = assertThrows(PcpProtocolException.class, () -> reading("").receive());
        assertEquals(PcpErrors.PM_ERR_EOF, eof.code());
        assertEquals("IPC channel closed: pmcd closed the connection", eof.getMessage());
    }

    @Test
    void closeInsideAPduIsAProtocolFailure() {
        PcpProtocolException cut = assertThrows(PcpProtocolException.class,
                () -> reading("00000018 0000700d 00000000 00000001").receive());
        assertEquals(PcpErrors.PM_ERR_IPC, cut.code());
        assertEquals("IPC protocol failure: connection closed inside a PMNS_IDS PDU (16 of 24 bytes)", cut.getMessage());
        assertThrows(PcpProtocolException.class, () -> reading("00000018 0000").receive());
    }

    @Test
    void lengthShorterThanTheHeaderIsAProtocolFailure() {
        PcpProtocolException impossible = assertThrows(PcpProtocolException.class,
                () -> reading("00000008 00007000 00000000").receive());
        assertEquals("IPC protocol failure: ERROR PDU with impossible length 8", impossible.getMessage());
    }

    @Test
    void lengthBeyondTheLimitIsRefusedBeforeAllocating() {
        assertThrows(PcpProtocolException.class, () -> reading("7fffffff 00007001 00000000").receive());
    }

    @Test
    void sendWritesHeaderAndBodyInOneWrite() throws Exception {
        ByteArrayOutputStream written = new ByteArrayOutputStream() {
            int writes;

            @Override
            public void write(byte[] bytes, int offset, int length) {
                if (++writes > 1) {
                    throw new AssertionError("PDU split over " + writes + " writes");
                }
                super.write(bytes, offset, length);
            }
        };
        new PduStream(new ByteArrayInputStream(new byte[0]), written).send(DescPdu.request(0, new Pmid(0x0f000020)));
        assertEquals("00000010 00007004 00000000 0f000020", Bytes.words(written.toByteArray()));
    }
}
