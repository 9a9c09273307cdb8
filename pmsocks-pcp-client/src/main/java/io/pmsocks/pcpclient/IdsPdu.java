package io.pmsocks.pcpclient;

import java.util.ArrayList;
import java.util.List;

/**
 * pmcd's answer to PMNS_NAMES (p_idlist.c, {@code idlist_t}): a status word (the number of names
 * found), the count, then one pmID per name asked, PM_ID_NULL for a name pmcd does not know.
 */
public final class IdsPdu {

    private IdsPdu() {
    }

    /**
     * The identifiers, in the order the names were sent.
     *
     * @param expected how many names the request carried; __pmDecodeIDList insists on it
     */
    public static List<Pmid> decode(Pdu pdu, int expected) throws PcpProtocolException {
        PduFields fields = pdu.fields();
        fields.nextInt("status");
        int count = fields.nextInt("numids");
        if (count != expected) {
            throw fields.violation(count + " identifiers for " + expected + " names");
        }
        List<Pmid> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(new Pmid(fields.nextInt("pmid " + i)));
        }
        fields.expectEnd();
        return List.copyOf(ids);
    }
}
