package io.pmsocks.pcpclient;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.HexFormat;

/** PDU bytes written as words in hex, the way pmcd -Dpdu dumps them: "00000014 0000700c ...". */
final class Bytes {

    private Bytes() {
    }

    static byte[] hex(String words) {
        return HexFormat.of().parseHex(words.replaceAll("\\s+", ""));
    }

    static String words(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        String hex = HexFormat.of().formatHex(bytes);
        for (int i = 0; i < hex.length(); i += 8) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(hex, i, Math.min(i + 8, hex.length()));
        }
        return text.toString();
    }

    /** Parses a whole PDU (header included) the way the client reads one. */
    static Pdu pdu(String words) throws Exception {
        byte[] bytes = hex(words);
        return new PduStream(new ByteArrayInputStream(bytes), OutputStream.nullOutputStream()).receive();
    }
}
