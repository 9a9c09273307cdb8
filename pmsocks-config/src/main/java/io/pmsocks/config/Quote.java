package io.pmsocks.config;

/**
 * Quotes input text in a message: at most {@value #MAX_CHARACTERS} characters of it, control
 * and other invisible characters escaped, so that a message about a bad line stays one short
 * readable line whatever the line holds (a binary file, a terminal escape sequence).
 */
public final class Quote {

    /** Characters of the offending text kept in a message. */
    public static final int MAX_CHARACTERS = 60;

    private Quote() {
    }

    /** {@code 'text'}, shortened to {@value #MAX_CHARACTERS} characters and {@code ...}. */
    public static String of(String text) {
        return "'" + escaped(text) + "'";
    }

    /** The text shortened and escaped, without quotes. */
    public static String escaped(String text) {
        StringBuilder quoted = new StringBuilder(Math.min(text.length(), MAX_CHARACTERS) + 8);
        int kept = 0;
        for (int i = 0; i < text.length(); i++) {
            if (kept == MAX_CHARACTERS) {
                return quoted.append("...").toString();
            }
            char c = text.charAt(i);
            if (c == '\t') {
                quoted.append("\\t");
            } else if (c == '\r') {
                quoted.append("\\r");
            } else if (c == '\n') {
                quoted.append("\\n");
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)
                    || Character.getType(c) == Character.FORMAT
                    || Character.isSurrogate(c) && !validSurrogatePair(text, i)) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else if (Character.isHighSurrogate(c)) {
                quoted.append(c).append(text.charAt(++i));
            } else {
                quoted.append(c);
            }
            kept++;
        }
        return quoted.toString();
    }

    private static boolean validSurrogatePair(String text, int i) {
        return Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
    }
}
