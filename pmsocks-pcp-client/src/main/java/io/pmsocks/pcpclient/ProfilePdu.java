package io.pmsocks.pcpclient;

/**
 * The instance profile of a context (p_profile.c, {@code profile_t}): which instances a FETCH
 * returns. pmcd refuses a FETCH for a context it has no profile for (PM_ERR_NOPROFILE), so
 * libpcp sends one before its first fetch; it sends no answer when it accepts one.
 */
public final class ProfilePdu {

    /** PM_PROFILE_INCLUDE: every instance, none excluded. */
    static final int INCLUDE_ALL = 0;

    private ProfilePdu() {
    }

    /** ctxid, global state PM_PROFILE_INCLUDE, no per-domain entries, and the pad word. */
    public static Pdu includeAll(int from, int context) {
        return new PduBuilder(PduType.PROFILE, from)
                .putInt(context)
                .putInt(INCLUDE_ALL)
                .putInt(0)
                .putInt(0)
                .build();
    }
}
