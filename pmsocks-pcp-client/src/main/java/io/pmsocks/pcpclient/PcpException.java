package io.pmsocks.pcpclient;

import java.io.IOException;

/**
 * pmcd answered a request with a PCP error code (an ERROR PDU, or a negative value count in a
 * RESULT). The connection stays usable: the failure belongs to this request, such as one
 * unknown metric name among several.
 */
public final class PcpException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int code;

    public PcpException(int code) {
        super(PcpErrors.message(code));
        this.code = code;
    }

    /** The PCP error code, e.g. {@link PcpErrors#PM_ERR_NAME}. */
    public int code() {
        return code;
    }
}
