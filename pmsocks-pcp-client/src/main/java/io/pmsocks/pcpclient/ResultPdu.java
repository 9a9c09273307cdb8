package io.pmsocks.pcpclient;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * pmcd's answer to FETCH (p_result.c, {@code result_t}): a pmTimeval timestamp (seconds and
 * microseconds, one word each), the number of metrics, then for each a {@code vlist_t}: pmid,
 * numval, and when numval > 0 the value format and numval (instance, value) pairs. Values that
 * do not fit a word are pmValueBlocks after the last vlist; their pair holds the block's offset
 * from the start of the PDU, in 4-byte words.
 */
public final class ResultPdu {

    static final int PM_VAL_INSITU = 0;
    static final int PM_VAL_DPTR = 1;
    static final int PM_VAL_SPTR = 2;
    /** Bytes of a pmValueBlock's vtype/vlen word (PM_VAL_HDR_SIZE). */
    static final int VALUE_BLOCK_HEADER_BYTES = 4;

    /**
     * A decoded RESULT.
     *
     * @param seconds the timestamp pmcd gave the values (seconds since the epoch)
     */
    public record FetchResult(long seconds, int microseconds, List<ValueSet> valueSets) {

        public FetchResult {
            valueSets = List.copyOf(valueSets);
        }
    }

    /** A value as the vlist gives it, before the block offsets are followed. */
    private record RawValue(int instance, int word) {
    }

    private ResultPdu() {
    }

    public static FetchResult decode(Pdu pdu) throws PcpProtocolException {
        PduFields fields = pdu.fields();
        long seconds = Integer.toUnsignedLong(fields.nextInt("timestamp seconds"));
        int microseconds = fields.nextInt("timestamp microseconds");
        int count = fields.nextInt("numpmid");
        if (count < 0 || count > fields.remaining() / 8) {
            throw fields.violation("numpmid " + count + " does not fit " + pdu.length() + " bytes");
        }
        List<Pmid> pmids = new ArrayList<>(count);
        List<Integer> numvals = new ArrayList<>(count);
        List<Integer> formats = new ArrayList<>(count);
        List<List<RawValue>> rawValues = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pmids.add(new Pmid(fields.nextInt("pmid of vlist " + i)));
            int numval = fields.nextInt("numval of vlist " + i);
            numvals.add(numval);
            List<RawValue> raw = new ArrayList<>();
            int format = PM_VAL_INSITU;
            if (numval > 0) {
                if (numval > fields.remaining() / 8) {
                    throw fields.violation("numval " + numval + " of vlist " + i + " does not fit "
                            + pdu.length() + " bytes");
                }
                format = fields.nextInt("valfmt of vlist " + i);
                if (format != PM_VAL_INSITU && format != PM_VAL_DPTR && format != PM_VAL_SPTR) {
                    throw fields.violation("value format " + format + " in vlist " + i);
                }
                for (int j = 0; j < numval; j++) {
                    raw.add(new RawValue(fields.nextInt("instance " + j + " of vlist " + i),
                            fields.nextInt("value " + j + " of vlist " + i)));
                }
            }
            formats.add(format);
            rawValues.add(raw);
        }
        int valueBlocksStart = pdu.length() - fields.remaining();

        List<ValueSet> sets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            List<PmValue> values = new ArrayList<>();
            for (RawValue raw : rawValues.get(i)) {
                values.add(formats.get(i) == PM_VAL_INSITU
                        ? new PmValue.InSitu(raw.instance(), raw.word())
                        : valueBlock(fields, raw, valueBlocksStart, pdu.length()));
            }
            sets.add(new ValueSet(pmids.get(i), numvals.get(i), values));
        }
        return new FetchResult(seconds, microseconds, sets);
    }

    /** Follows a value's word offset to its pmValueBlock, as __pmDecodeValueSet checks it. */
    private static PmValue.Block valueBlock(PduFields fields, RawValue raw, int valueBlocksStart,
            int pduLength) throws PcpProtocolException {
        long offset = Integer.toUnsignedLong(raw.word()) * Integer.BYTES;
        if (offset < valueBlocksStart || offset + VALUE_BLOCK_HEADER_BYTES > pduLength) {
            throw fields.violation("value block of instance " + raw.instance() + " at byte "
                    + offset + ", outside the value blocks (" + valueBlocksStart + " to "
                    + pduLength + ")");
        }
        ByteBuffer body = fields.body();
        int headerAt = (int) offset - Pdu.HEADER_BYTES;
        // pmValueBlock, most significant first: vtype:8, vlen:24 (vlen counts this word too)
        int header = body.getInt(headerAt);
        int type = header >>> 24;
        int length = header & 0xffffff;
        if (length < VALUE_BLOCK_HEADER_BYTES || offset + length > pduLength) {
            throw fields.violation("value block of instance " + raw.instance() + " at byte "
                    + offset + " has length " + length + " (PDU has " + pduLength + " bytes)");
        }
        byte[] contents = new byte[length - VALUE_BLOCK_HEADER_BYTES];
        body.get(headerAt + VALUE_BLOCK_HEADER_BYTES, contents);
        return new PmValue.Block(raw.instance(), type, contents);
    }
}
