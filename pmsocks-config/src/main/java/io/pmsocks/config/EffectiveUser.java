package io.pmsocks.config;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * The effective user's name, which {@code *=} lists are compared with (SPEC §2). Not the
 * {@code user.name} property: that is the real user's name, and any {@code -Duser.name=} on
 * the application's command line changes it.
 *
 * <p>On Linux the effective uid is read from {@code /proc/self/status} and its name from
 * {@code /etc/passwd}; when either cannot be read, or the uid has no line there (a user known
 * only to LDAP or another name service), {@code user.name} is the answer. It runs at every
 * start of the agent, so it starts no process and reads the two files with plain streams,
 * stopping at the line it needs.
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
        long uid;
        try (Reader reader = open(status)) {
            uid = effectiveUid(reader);
        } catch (IOException | SecurityException e) {
            return fallback;
        }
        if (uid < 0) {
            return fallback;
        }
        try (Reader reader = open(passwd)) {
            String name = nameOf(uid, reader);
            return name != null ? name : fallback;
        } catch (IOException | SecurityException e) {
            return fallback;
        }
    }

    private static Reader open(String file) throws IOException {
        return new InputStreamReader(new FileInputStream(file), StandardCharsets.UTF_8);
    }

    /** The second number of the {@code Uid:} line (real, effective, saved, fs), or -1. */
    static long effectiveUid(Reader status) throws IOException {
        BufferedReader lines = new BufferedReader(status);
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).trim().split("\\s+");
                return ids.length >= 2 ? number(ids[1]) : -1;
            }
        }
        return -1;
    }

    /** The name on the first {@code name:password:uid:...} line with that uid, or null. */
    static String nameOf(long uid, Reader passwd) throws IOException {
        BufferedReader lines = new BufferedReader(passwd);
        String line;
        while ((line = lines.readLine()) != null) {
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            int third = second < 0 ? -1 : line.indexOf(':', second + 1);
            if (first > 0 && third > second
                    && number(line.substring(second + 1, third)) == uid) {
                return line.substring(0, first);
            }
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
