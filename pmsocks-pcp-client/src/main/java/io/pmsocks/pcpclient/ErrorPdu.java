package io.pmsocks.pcpclient;

/**
 * pmcd's answer when a request fails (p_error.c, {@code p_error_t}): one status word after the
 * header, a negative PCP error code. A positive status is pmcd's state-change notice
 * (PMCD_ADD_AGENT and friends) that libpcp skips while waiting for a RESULT.
 */
public final class ErrorPdu {

    private ErrorPdu() {
    }

    /** The status word of an ERROR PDU (plain or extended form). */
    public static int status(Pdu pdu) throws PcpProtocolException {
        PduFields fields = pdu.fields();
        int status = fields.nextInt("status");
        // x_error_t has one more word (the greeting's features); __pmDecodeError accepts both
        if (fields.remaining() != 0 && fields.remaining() != Integer.BYTES) {
            throw fields.violation(pdu.length() + " bytes, expected "
                    + (Pdu.HEADER_BYTES + 4) + " or " + (Pdu.HEADER_BYTES + 8));
        }
        return status;
    }
}
