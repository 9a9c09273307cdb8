package io.pmsocks.pcpclient;

/**
 * A metric's descriptor: the request DESC_REQ carries one pmID ({@code desc_req_t}); the answer
 * DESC carries a pmDesc of five words: pmid, type, indom, sem, units (p_desc.c).
 */
public final class DescPdu {

    private DescPdu() {
    }

    public static Pdu request(int from, Pmid pmid) {
        return new PduBuilder(PduType.DESC_REQ, from).putInt(pmid.value()).build();
    }

    public static MetricDesc decode(Pdu pdu) throws PcpProtocolException {
        PduFields fields = pdu.fields();
        Pmid pmid = new Pmid(fields.nextInt("pmid"));
        MetricType type = MetricType.of(fields.nextInt("type"));
        InDom indom = new InDom(fields.nextInt("indom"));
        int semantics = fields.nextInt("sem");
        int units = fields.nextInt("units");
        // __pmDecodeDesc accepts exactly sizeof(desc_t)
        fields.expectEnd();
        return new MetricDesc(pmid, type, indom, semantics, units);
    }
}
