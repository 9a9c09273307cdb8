package io.pmsocks.pcpclient;

import java.io.ByteArrayOutputStream;

/** Builds the body of a request PDU word by word, big-endian, as libpcp's __pmSend* functions do. */
final class PduBuilder {

    /** libpcp fills the padding after a string with '~' ("buffer end"); so does this client. */
    private static final byte PADDING = '~';

    private final int type;
    private final int from;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    PduBuilder(int type, int from) {
        this.type = type;
        this.from = from;
    }

    PduBuilder putInt(int word) {
        body.write(word >>> 24);
        body.write(word >>> 16);
        body.write(word >>> 8);
        body.write(word);
        return this;
    }

    /** The bytes, then padding up to a whole word (no terminating NUL, as in p_pmns.c). */
    PduBuilder putPadded(byte[] bytes) {
        body.writeBytes(bytes);
        for (int i = bytes.length; i < PduFields.wordAligned(bytes.length); i++) {
            body.write(PADDING);
        }
        return this;
    }

    Pdu build() {
        return new Pdu(type, from, body.toByteArray());
    }
}
