package io.pmsocks.pcpclient;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The name-lookup request, PMNS_NAMES (p_pmns.c, {@code namelist_t} as __pmSendNameList builds
 * it without status words): pmcd answers with PMNS_IDS, or with an ERROR PDU when the lookup of
 * a single name fails.
 */
public final class NamesPdu {

    private NamesPdu() {
    }

    /**
     * nstrbytes (the names' bytes, each counted with a NUL it does not carry), numstatus 0,
     * numnames, then for each name its length and its bytes padded to a word.
     */
    public static Pdu request(int from, List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no names to look up");
        }
        List<byte[]> encoded = names.stream().map(name -> name.getBytes(StandardCharsets.UTF_8)).toList();
        int stringBytes = encoded.stream().mapToInt(bytes -> bytes.length + 1).sum();
        PduBuilder pdu = new PduBuilder(PduType.PMNS_NAMES, from)
                .putInt(stringBytes)
                .putInt(0)
                .putInt(encoded.size());
        for (byte[] name : encoded) {
            pdu.putInt(name.length).putPadded(name);
        }
        return pdu.build();
    }
}
