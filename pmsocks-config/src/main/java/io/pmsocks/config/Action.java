package io.pmsocks.config;

import java.util.Locale;
import java.util.Optional;

/** The three verbs of a rule line. */
public enum Action {
    DIRECT,
    DENY,
    SOCKD;

    /** Keywords are case-insensitive, as in CSTC. */
    public static Optional<Action> ofKeyword(String keyword) {
        switch (keyword.toLowerCase(Locale.ROOT)) {
            case "direct": return Optional.of(DIRECT);
            case "deny": return Optional.of(DENY);
            case "sockd": return Optional.of(SOCKD);
            default: return Optional.empty();
        }
    }

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
