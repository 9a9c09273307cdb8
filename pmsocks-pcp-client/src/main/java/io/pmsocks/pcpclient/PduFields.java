package io.pmsocks.pcpclient;

import java.nio.ByteBuffer;

/**
 * Reads the words of a PDU body in order, refusing to read past its end: every decoder checks
 * lengths the way libpcp's __pmDecode* functions do, so that a short or lying PDU becomes a
 * {@link PcpProtocolException} that names the PDU and the field, never an index error.
 */
final class PduFields {

    private final String pduName;
    private final ByteBuffer body;

    PduFields(String pduName, byte[] body) {
        this.pduName = pduName;
        this.body = ByteBuffer.wrap(body);
    }

    int nextInt(String field) throws PcpProtocolException {
        need(Integer.BYTES, field);
        return body.getInt();
    }

    /** {@code count} bytes, then the padding that rounds them up to a whole word. */
    byte[] nextPadded(int count, String field) throws PcpProtocolException {
        if (count < 0) {
            throw violation(field + " has a negative length " + count);
        }
        int padded = wordAligned(count);
        need(padded, field);
        byte[] bytes = new byte[count];
        body.get(bytes);
        body.position(body.position() + padded - count);
        return bytes;
    }

    /** Bytes not read yet. */
    int remaining() {
        return body.remaining();
    }

    /** The whole body, for decoders that follow offsets (value blocks in a RESULT). */
    ByteBuffer body() {
        return body.duplicate().position(0);
    }

    void expectEnd() throws PcpProtocolException {
        if (body.hasRemaining()) {
            throw violation(body.remaining() + " unexpected bytes at the end");
        }
    }

    PcpProtocolException violation(String detail) {
        return new PcpProtocolException(pduName + " PDU: " + detail);
    }

    private void need(int bytes, String field) throws PcpProtocolException {
        if (body.remaining() < bytes) {
            throw violation("too short for " + field + " (" + bytes + " bytes needed at offset "
                    + (Pdu.HEADER_BYTES + body.position()) + ", PDU has "
                    + (Pdu.HEADER_BYTES + body.limit()) + ")");
        }
    }

    /** PM_PDU_SIZE_BYTES: strings travel padded to a multiple of the 4-byte __pmPDU word. */
    static int wordAligned(int bytes) {
        return (bytes + Integer.BYTES - 1) & -Integer.BYTES;
    }
}
