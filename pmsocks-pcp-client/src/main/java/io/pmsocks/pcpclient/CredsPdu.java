package io.pmsocks.pcpclient;

/**
 * The client's answer to pmcd's greeting (connect.c, __pmConnectHandshake; p_creds.c): a CREDS
 * PDU with one CVERSION credential that names the protocol version and the features the client
 * asks for. pmcd sends nothing back when it accepts; it drops a client whose first PDU is not
 * CREDS.
 */
public final class CredsPdu {

    /** Credential type "version and feature flags" (CVERSION). */
    static final int CVERSION = 0x1;

    private CredsPdu() {
    }

    /**
     * {@code creds_t} with one {@code __pmVersionCred}: count 1, then the word whose bits are,
     * most significant first, c_type:8, c_version:8, c_flags:16.
     *
     * @param from the sender's process id, as libpcp sends it
     * @param flags PDU_FLAG_* features to turn on; 0 for a plain connection
     */
    public static Pdu version(int from, int flags) {
        return new PduBuilder(PduType.CREDS, from)
                .putInt(1)
                .putInt(CVERSION << 24 | Greeting.PDU_VERSION2 << 16 | (flags & 0xffff))
                .build();
    }
}
