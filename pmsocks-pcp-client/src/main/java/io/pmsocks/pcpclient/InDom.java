package io.pmsocks.pcpclient;

/**
 * An instance domain identifier: names the set of instances (CPUs, disks...) a metric has
 * values for. Laid out as __pmInDom_int: 1 flag bit, 9 bits domain, 22 bits serial.
 */
public record InDom(int value) {

    /** PM_INDOM_NULL: the metric has a single value. */
    public static final InDom NULL = new InDom(0xffffffff);

    public boolean isNull() {
        return equals(NULL);
    }

    public int domain() {
        return (value >>> 22) & 0x1ff;
    }

    public int serial() {
        return value & 0x3fffff;
    }

    /** As pmInDomStr(3) prints it: {@code 60.0}, or {@code PM_INDOM_NULL}. */
    @Override
    public String toString() {
        return isNull() ? "PM_INDOM_NULL" : domain() + "." + serial();
    }
}
