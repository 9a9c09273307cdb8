package io.pmsocks.config;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The effective user's name, which {@code *=} lists are compared with (SPEC §2). Not the
 * {@code user.name} property: that is the real user's name, and any {@code -Duser.name=} on
 * the application's command line changes it.
 *
 * <p>On Linux the effective uid is read from {@code /proc/self/status} and its name from
 * {@code /etc/passwd}; when either cannot be read, or the uid has no line there (a user known
 * only to LDAP or another name service), {@code user.name} is the answer. It runs at every
 * start of the agent, so it starts no process and reads the two small files with a plain
 * stream, without Reader or regular expression.
 */
public final class EffectiveUser {

    private static volatile String cached;

    private EffectiveUser() {
    }

    /** The effective user's name, found once per JVM. */
    public static String name() {
        String name = cached;
        if (name == null) {
            name = find("/proc/self/status", "/etc/passwd", System.getProperty("user.name", ""));
            cached = name;
        }
        return name;
    }

    /** The name of the effective uid found in {@code status}, looked up in {@code passwd}. */
    static String find(String status, String passwd, String fallback) {
        try {
            long uid = effectiveUid(read(status, 64 * 1024));
            String name = uid < 0 ? null : nameOf(uid, read(passwd, 16 * 1024 * 1024));
            return name != null ? name : fallback;
        } catch (IOException | SecurityException e) {
            return fallback;
        }
    }

    /** At most {@code max} bytes of the file, as text (no Reader, no regex: start-up cost). */
    private static String read(String file, int max) throws IOException {
        try (FileInputStream in = new FileInputStream(file)) {
            return new String(in.readNBytes(max), StandardCharsets.UTF_8);
        }
    }

    /** The second number of the {@code Uid:} line (real, effective, saved, fs), or -1. */
    static long effectiveUid(String status) {
        int line = status.startsWith("Uid:") ? 0 : status.indexOf("\nUid:") + 1;
        if (line <= 0 && !status.startsWith("Uid:")) {
            return -1;
        }
        int end = status.indexOf('\n', line);
        String fields = status.substring(line + 4, end < 0 ? status.length() : end);
        int i = skip(fields, 0, true);
        i = skip(fields, i, false); // the real uid
        int start = skip(fields, i, true);
        return number(fields.substring(start, skip(fields, start, false)));
    }

    /** From {@code i}, past blanks ({@code blanks}) or past non-blanks. */
    private static int skip(String text, int i, boolean blanks) {
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t') == blanks) {
            i++;
        }
        return i;
    }

    /** The name on the first {@code name:password:uid:...} line with that uid, or null. */
    static String nameOf(long uid, String passwd) {
        int start = 0;
        while (start < passwd.length()) {
            int end = passwd.indexOf('\n', start);
            if (end < 0) {
                end = passwd.length();
            }
            int first = passwd.indexOf(':', start);
            int second = first < 0 || first > end ? -1 : passwd.indexOf(':', first + 1);
            int third = second < 0 || second > end ? -1 : passwd.indexOf(':', second + 1);
            if (first > start && third > second && third <= end
                    && number(passwd.substring(second + 1, third)) == uid) {
                return passwd.substring(start, first);
            }
            start = end + 1;
        }
        return null;
    }

    /** A uid in ASCII digits, or -1. */
    private static long number(String text) {
        if (text.isEmpty() || text.length() > 10 || !IpLiterals.isDecimal(text)) {
            return -1;
        }
        return Long.parseLong(text);
    }
}
