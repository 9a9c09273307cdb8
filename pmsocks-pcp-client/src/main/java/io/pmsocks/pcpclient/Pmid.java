package io.pmsocks.pcpclient;

/**
 * A performance metric identifier: the 32-bit word pmcd uses for a metric instead of its
 * name. Laid out as __pmID_int: 1 flag bit, 9 bits domain (the PMDA), 12 bits cluster, 10 bits
 * item.
 */
public record Pmid(int value) {

    /** PM_ID_NULL: what PMNS_IDS holds for a name pmcd does not know. */
    public static final Pmid NULL = new Pmid(0xffffffff);

    public int domain() {
        return (value >>> 22) & 0x1ff;
    }

    public int cluster() {
        return (value >>> 10) & 0xfff;
    }

    public int item() {
        return value & 0x3ff;
    }

    /** As pmIDStr(3) prints it: {@code 60.0.32}, or {@code PM_ID_NULL}. */
    @Override
    public String toString() {
        return equals(NULL) ? "PM_ID_NULL" : domain() + "." + cluster() + "." + item();
    }
}
