package io.pmsocks.pcpclient;

import java.io.IOException;

/**
 * pmcd's bytes broke the PCP protocol (a short PDU, a value block outside its PDU, an answer of
 * the wrong type), or pmcd closed the connection. After this the connection cannot be trusted:
 * the message starts with the PCP text for PM_ERR_IPC or PM_ERR_EOF and then says what was wrong.
 */
public final class PcpProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int code;

    public PcpProtocolException(String detail) {
        this(PcpErrors.PM_ERR_IPC, detail);
    }

    public PcpProtocolException(int code, String detail) {
        super(PcpErrors.message(code) + ": " + detail);
        this.code = code;
    }

    /** {@link PcpErrors#PM_ERR_IPC} or {@link PcpErrors#PM_ERR_EOF}. */
    public int code() {
        return code;
    }
}
