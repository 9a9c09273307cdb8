package io.pmsocks.config;

import java.util.Locale;

/**
 * Names that always resolve locally and are never left to a sockd (SPEC §3): {@code localhost},
 * the names under {@code .localhost} (RFC 6761), and this host's own name, also without its
 * domain. Names compare as DNS compares them: case-insensitive, a trailing dot ignored.
 */
public final class LocalNames {

    private LocalNames() {
    }

    /**
     * @param thisHost this host's name as gethostname(2) gives it, or {@code null} if unknown
     */
    public static boolean isLocal(String host, String thisHost) {
        String name = normalized(host);
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return true;
        }
        if (thisHost == null || thisHost.isEmpty()) {
            return false;
        }
        String own = normalized(thisHost);
        int dot = own.indexOf('.');
        return name.equals(own) || (dot > 0 && name.equals(own.substring(0, dot)));
    }

    /** Lower case, without a trailing dot: the form in which two spellings of a name compare. */
    public static String normalized(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") && lower.length() > 1 ? lower.substring(0, lower.length() - 1)
                : lower;
    }
}
