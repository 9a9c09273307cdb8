package io.pmsocks.pcpclient;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One protocol data unit: the three-word header of {@code __pmPDUHdr} (length of the whole PDU
 * in bytes, type, sender) and the body that follows it. Every word is big-endian on the wire.
 *
 * @param type one of {@link PduType}
 * @param from the sender: a process id in CREDS, the context number in requests, 0 from pmcd
 * @param body the bytes after the header
 */
public record Pdu(int type, int from, byte[] body) {

    /** Bytes in {@code __pmPDUHdr}. */
    public static final int HEADER_BYTES = 12;

    public Pdu {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The length field of the header: header and body together. */
    public int length() {
        return HEADER_BYTES + body.length;
    }

    /** The PDU as it travels: header then body. */
    public byte[] encode() {
        return ByteBuffer.allocate(length())
                .putInt(length())
                .putInt(type)
                .putInt(from)
                .put(body)
                .array();
    }

    /** A reader over the body, for the decoders. */
    PduFields fields() {
        return new PduFields(PduType.name(type), body);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Pdu pdu
                && pdu.type == type && pdu.from == from && Arrays.equals(pdu.body, body);
    }

    @Override
    public int hashCode() {
        return (31 * type + from) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return PduType.name(type) + " PDU from " + from + ", " + length() + " bytes: "
                + HexFormat.of().formatHex(body);
    }
}
