package io.pmsocks.pcpclient;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Instance names (p_instance.c). The request INSTANCE_REQ ({@code instance_req_t}: indom, a
 * retired pmTimeval of two zero words, inst, namelen, name) with inst PM_IN_NULL and no name
 * asks for the whole domain, as pmGetInDom does. The answer INSTANCE ({@code instance_t}) holds
 * the indom, the count, and per instance its id, name length and name padded to a word.
 */
public final class InstancePdu {

    /** PM_IN_NULL: no particular instance. */
    static final int PM_IN_NULL = 0xffffffff;

    private InstancePdu() {
    }

    public static Pdu requestAll(int from, InDom indom) {
        return new PduBuilder(PduType.INSTANCE_REQ, from)
                .putInt(indom.value())
                .putInt(0)
                .putInt(0)
                .putInt(PM_IN_NULL)
                .putInt(0)
                .build();
    }

    /** Instance id to name, in pmcd's order. */
    public static Map<Integer, String> decode(Pdu pdu) throws PcpProtocolException {
        PduFields fields = pdu.fields();
        // not checked against the request, as libpcp does not: pmcd 6.0.3 answers for its own
        // domain (pmcd.buf.alloc, 2.5) with whatever word its PMDA left there
        fields.nextInt("indom");
        int count = fields.nextInt("numinst");
        if (count < 0 || count > fields.remaining() / 8) {
            throw fields.violation("numinst " + count + " does not fit " + pdu.length() + " bytes");
        }
        Map<Integer, String> names = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int instance = fields.nextInt("inst " + i);
            int length = fields.nextInt("namelen " + i);
            names.put(instance, new String(fields.nextPadded(length, "name " + i),
                    StandardCharsets.UTF_8));
        }
        fields.expectEnd();
        return Collections.unmodifiableMap(names);
    }
}
