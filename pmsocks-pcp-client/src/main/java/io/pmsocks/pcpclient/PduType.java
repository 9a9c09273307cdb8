package io.pmsocks.pcpclient;

import java.util.Locale;

/**
 * The PDU types of the pmcd client protocol ({@code libpcp.h}, "PDU types"). Only those this
 * client sends or expects have names here; any other type is shown as a number.
 */
public final class PduType {

    public static final int ERROR = 0x7000;
    public static final int RESULT = 0x7001;
    public static final int PROFILE = 0x7002;
    public static final int FETCH = 0x7003;
    public static final int DESC_REQ = 0x7004;
    public static final int DESC = 0x7005;
    public static final int INSTANCE_REQ = 0x7006;
    public static final int INSTANCE = 0x7007;
    public static final int CREDS = 0x700c;
    public static final int PMNS_IDS = 0x700d;
    public static final int PMNS_NAMES = 0x700e;

    private PduType() {
    }

    /** {@code RESULT}, {@code PMNS_IDS}... as __pmPDUTypeStr names them, else {@code 0x7011}. */
    public static String name(int type) {
        return switch (type) {
            case ERROR -> "ERROR";
            case RESULT -> "RESULT";
            case PROFILE -> "PROFILE";
            case FETCH -> "FETCH";
            case DESC_REQ -> "DESC_REQ";
            case DESC -> "DESC";
            case INSTANCE_REQ -> "INSTANCE_REQ";
            case INSTANCE -> "INSTANCE";
            case CREDS -> "CREDS";
            case PMNS_IDS -> "PMNS_IDS";
            case PMNS_NAMES -> "PMNS_NAMES";
            default -> String.format(Locale.ROOT, "0x%x", type);
        };
    }
}
