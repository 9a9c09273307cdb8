package io.pmsocks.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * {@code JAVA_TOOL_OPTIONS} as the JVM reads it, for taking out a pmsocks agent that is
 * already there (a nested pmsocks, a shell profile): the JVM loads the agents of that variable
 * before those of its command line, the agent acts once, so an old agent word would route the
 * program by another configuration than the one pmsocks just checked.
 *
 * <p>The JVM splits the variable at white space; single or double quotes take everything up
 * to the matching quote literally, and quoted and unquoted pieces join into one word
 * (HotSpot's {@code Arguments::parse_options_buffer}). Words are cut out by their place in
 * the text, so the others stay exactly as they were written.
 */
final class JavaToolOptions {

    /** One word: its value as the JVM sees it, and where its text starts and ends. */
    record Word(String value, int start, int end) {
    }

    private JavaToolOptions() {
    }

    /** The words of {@code text}; an unmatched quote runs to the end (the JVM refuses it). */
    static List<Word> words(String text) {
        List<Word> words = new ArrayList<>();
        int at = 0;
        while (true) {
            while (at < text.length() && isSpace(text.charAt(at))) {
                at++;
            }
            if (at == text.length()) {
                return words;
            }
            int start = at;
            StringBuilder value = new StringBuilder();
            while (at < text.length() && !isSpace(text.charAt(at))) {
                char c = text.charAt(at++);
                if (c == '\'' || c == '"') {
                    int close = text.indexOf(c, at);
                    int end = close < 0 ? text.length() : close;
                    value.append(text, at, end);
                    at = close < 0 ? end : close + 1;
                } else {
                    value.append(c);
                }
            }
            words.add(new Word(value.toString(), start, at));
        }
    }

    /**
     * {@code text} without its pmsocks agent words ({@code -javaagent:} of a jar named
     * {@code pmsocks-agent.jar}, or whose manifest names pmsocks' agent class), or
     * {@code text} itself when it has none.
     */
    static String withoutPmsocksAgents(String text) {
        StringBuilder kept = new StringBuilder();
        int copied = 0;
        boolean removed = false;
        for (Word word : words(text)) {
            if (isPmsocksAgent(word.value())) {
                kept.append(text, copied, word.start());
                copied = word.end();
                while (copied < text.length() && isSpace(text.charAt(copied))) {
                    copied++; // the blanks after it go too
                }
                removed = true;
            }
        }
        if (!removed) {
            return text;
        }
        kept.append(text, copied, text.length());
        return kept.toString().strip(); // only blanks between words are at either end
    }

    /** {@code text} with {@code word} after its other words. */
    static String append(String text, String word) {
        return text == null || text.isBlank() ? word : text + " " + word;
    }

    private static boolean isPmsocksAgent(String word) {
        if (!word.startsWith("-javaagent:")) {
            return false;
        }
        String jar = word.substring("-javaagent:".length());
        int equals = jar.indexOf('=');
        if (equals >= 0) {
            jar = jar.substring(0, equals);
        }
        if (jar.endsWith("/" + PmsocksCommand.AGENT_JAR) || jar.equals(PmsocksCommand.AGENT_JAR)) {
            return true;
        }
        try (JarFile file = new JarFile(Path.of(jar).toFile())) {
            Manifest manifest = file.getManifest();
            String premain = manifest == null ? null
                    : manifest.getMainAttributes().getValue(new Attributes.Name("Premain-Class"));
            return premain != null && premain.startsWith("io.pmsocks.agent.");
        } catch (IOException | RuntimeException notAJar) {
            return false;
        }
    }

    /** C's isspace, as the JVM uses it. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }
}
