package io.pmsocks.pcpclient;

import java.util.List;

/**
 * The value request (p_fetch.c, {@code fetch_t}): ctxid, a retired pmTimeval kept as two zero
 * words, the count, then the pmIDs. pmcd answers with a RESULT PDU.
 */
public final class FetchPdu {

    private FetchPdu() {
    }

    public static Pdu request(int from, int context, List<Pmid> pmids) {
        if (pmids.isEmpty()) {
            throw new IllegalArgumentException("no metrics to fetch");
        }
        PduBuilder pdu = new PduBuilder(PduType.FETCH, from)
                .putInt(context)
                .putInt(0)
                .putInt(0)
                .putInt(pmids.size());
        pmids.forEach(pmid -> pdu.putInt(pmid.value()));
        return pdu.build();
    }
}
