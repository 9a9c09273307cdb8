package io.pmsocks.pcpclient;

import java.util.Arrays;

/** The value types of {@code pmapi.h} (PM_TYPE_*), described the way pminfo -d does. */
public enum MetricType {
    NOSUPPORT(-1, "Not Supported"),
    I32(0, "32-bit int"),
    U32(1, "32-bit unsigned int"),
    I64(2, "64-bit int"),
    U64(3, "64-bit unsigned int"),
    FLOAT(4, "float"),
    DOUBLE(5, "double"),
    STRING(6, "string"),
    AGGREGATE(7, "aggregate"),
    AGGREGATE_STATIC(8, "static aggregate"),
    EVENT(9, "event record array"),
    HIGHRES_EVENT(10, "highres event record array"),
    UNKNOWN(255, "unknown");

    private final int code;
    private final String description;

    MetricType(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    /**
     * The type for a PM_TYPE_* code.
     *
     * @throws PcpProtocolException for a code no PCP version defines
     */
    public static MetricType of(int code) throws PcpProtocolException {
        return Arrays.stream(values())
                .filter(type -> type.code == code)
                .findFirst()
                .orElseThrow(() -> new PcpProtocolException("unknown value type " + code));
    }
}
