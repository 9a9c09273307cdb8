package io.pmsocks.pcpclient;

/**
 * The first PDU pmcd sends on a new connection (pmcd.c, CheckNewClient): an ERROR PDU in the
 * "extended" form of p_error.c, {@code x_error_t}: a status word, 0 when the connection is
 * accepted, then a __pmPDUInfo word that says which protocol version and features pmcd offers.
 *
 * @param version PDU protocol version pmcd speaks (2 since PCP 2.0)
 * @param features PDU_FLAG_* bits pmcd offers or demands
 */
public record Greeting(int version, int features) {

    /** The only protocol version pmcd has spoken since PCP 2.0 (PDU_VERSION2). */
    public static final int PDU_VERSION2 = 2;

    /** pmcd demands user credentials, i.e. SASL authentication (pmcd -S). */
    public static final int FLAG_CREDS_REQD = 1 << 3;
    /** pmcd demands a TLS client certificate from remote clients (pmcd -Q). */
    public static final int FLAG_CERT_REQD = 1 << 7;

    /** Bytes of x_error_t: header, status, challenge. The plain p_error_t lacks the last word. */
    private static final int EXTENDED_ERROR_BYTES = Pdu.HEADER_BYTES + 8;

    /**
     * Decodes pmcd's greeting.
     *
     * @throws PcpException when pmcd refuses the connection (PM_ERR_PERMISSION from its access
     *     list, PM_ERR_CONNLIMIT)
     * @throws PcpProtocolException when the PDU is not a version 2 greeting
     */
    public static Greeting decode(Pdu pdu) throws PcpException, PcpProtocolException {
        if (pdu.type() != PduType.ERROR) {
            throw new PcpProtocolException("expected pmcd's greeting (an ERROR PDU), got a "
                    + PduType.name(pdu.type()) + " PDU: is this port a pmcd?");
        }
        if (pdu.length() != EXTENDED_ERROR_BYTES) {
            // a PCP 1.x pmcd; libpcp refuses it too (__pmDecodeXtendError)
            throw new PcpProtocolException("greeting PDU of " + pdu.length() + " bytes, expected "
                    + EXTENDED_ERROR_BYTES + " (PCP 2.0 or later)");
        }
        PduFields fields = pdu.fields();
        int status = PcpErrors.fromVersion1(fields.nextInt("status"));
        if (status < 0) {
            throw new PcpException(status);
        }
        // __pmPDUInfo, most significant first: zero:1, version:7, licensed:8, features:16
        int info = fields.nextInt("pduinfo");
        int version = (info >>> 24) & 0x7f;
        if (version != PDU_VERSION2) {
            throw new PcpProtocolException("pmcd offers PDU version " + version + ", expected "
                    + PDU_VERSION2);
        }
        return new Greeting(version, info & 0xffff);
    }

    public boolean requiresCredentials() {
        return (features & FLAG_CREDS_REQD) != 0;
    }

    public boolean requiresClientCertificate() {
        return (features & FLAG_CERT_REQD) != 0;
    }
}
