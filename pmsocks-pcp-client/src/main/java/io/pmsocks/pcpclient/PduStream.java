package io.pmsocks.pcpclient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Frames PDUs over a byte stream: a request is written whole in one call (pmcd reads one PDU
 * at a time, and a split header costs a round of Nagle delay); an answer is read by its length
 * word, as __pmGetPDU does.
 */
final class PduStream {

    /**
     * The largest PDU accepted from pmcd. libpcp reads client-side PDUs of any size; a bound
     * keeps a corrupt length word from allocating gigabytes. A RESULT this large would hold
     * hundreds of thousands of values, far beyond what one metric of this client fetches.
     */
    static final int MAX_PDU_BYTES = 64 * 1024 * 1024;

    private final InputStream in;
    private final OutputStream out;

    PduStream(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    void send(Pdu pdu) throws IOException {
        out.write(pdu.encode());
        out.flush();
    }

    /**
     * The next PDU from pmcd.
     *
     * @throws PcpProtocolException PM_ERR_EOF when pmcd closed the connection between PDUs,
     *     PM_ERR_IPC for a truncated PDU or an impossible length
     */
    Pdu receive() throws IOException {
        byte[] header = new byte[Pdu.HEADER_BYTES];
        int got = in.readNBytes(header, 0, header.length);
        if (got == 0) {
            throw new PcpProtocolException(PcpErrors.PM_ERR_EOF, "pmcd closed the connection");
        }
        if (got < header.length) {
            throw new PcpProtocolException("connection closed inside a PDU header (" + got + " of "
                    + header.length + " bytes)");
        }
        ByteBuffer words = ByteBuffer.wrap(header);
        int length = words.getInt();
        int type = words.getInt();
        int from = words.getInt();
        if (length < Pdu.HEADER_BYTES || length > MAX_PDU_BYTES) {
            throw new PcpProtocolException(PduType.name(type) + " PDU with impossible length "
                    + length);
        }
        byte[] body = in.readNBytes(length - Pdu.HEADER_BYTES);
        if (body.length < length - Pdu.HEADER_BYTES) {
            throw new PcpProtocolException("connection closed inside a " + PduType.name(type)
                    + " PDU (" + (Pdu.HEADER_BYTES + body.length) + " of " + length + " bytes)");
        }
        return new Pdu(type, from, body);
    }
}
