package io.pmsocks.launcher;

import io.pmsocks.config.ConfigException;
import io.pmsocks.config.Diagnostic;
import io.pmsocks.config.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code -javaagent:JAR=OPTIONS}: the distribution's Java agent with the options that make it
 * read exactly what the launcher checked ({@code config=} the absolute path of the
 * configuration file, and for {@code --attach} the launcher's environment).
 *
 * <p>What the JVM and the agent can carry: the JVM takes the jar path up to the first
 * {@code =}, the agent splits its options at commas and trims blanks around each, so a jar
 * path with {@code =}, or an option value with a comma or with blanks at either end, is
 * refused with a message saying so. Blanks and quotes inside values are fine:
 * {@code JAVA_TOOL_OPTIONS}, which the JVM splits at blanks, gets the argument quoted the way
 * the JVM's own parser takes it (single quotes, and {@code "'"} for a quote), checked on
 * JDK 17 and 25.
 *
 * @param jar the agent jar, absolute
 * @param options agent option names ({@link Settings.Key#option()}) and values, in order; an
 *     empty value is written as the bare name
 */
public record AgentArgument(Path jar, Map<String, String> options) {

    public AgentArgument {
        Objects.requireNonNull(jar, "jar");
        if (!jar.isAbsolute()) {
            throw new IllegalArgumentException("agent jar path not absolute: " + jar);
        }
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * The agent with {@code config=CONFIG} and the given further options; each value is
     * checked for what the agent's option syntax can carry.
     *
     * @param configuration the configuration file the launcher checked (made absolute here)
     * @param further options beyond {@code config}, each with the variable its value came
     *     from (for messages)
     * @throws ConfigException naming the file or variable whose value cannot be passed on
     */
    public static AgentArgument of(Path jar, Path configuration, List<Option> further)
            throws ConfigException {
        List<Diagnostic> errors = new ArrayList<>();
        if (jar.toString().indexOf('=') >= 0) {
            errors.add(Diagnostic.error(jar.toString(), 0, 0, "the Java agent's path contains"
                    + " '=', which ends the jar path of -javaagent:; install pmsocks in a"
                    + " directory whose path has no '='"));
        }
        Map<String, String> options = new LinkedHashMap<>();
        List<Option> all = new ArrayList<>();
        String config = configuration.toAbsolutePath().toString();
        all.add(new Option(Settings.Key.CONFIG.option(), config, config));
        all.addAll(further);
        for (Option option : all) {
            String problem = unrepresentable(option.value());
            if (problem != null) {
                errors.add(Diagnostic.error(option.origin(), 0, 0, "'" + option.value() + "' "
                        + problem + ", which the Java agent's options cannot carry"
                        + (option.name().equals(Settings.Key.CONFIG.option())
                                ? "; name the file by a path without one (a symbolic link will do)"
                                : "")));
            }
            options.put(option.name(), option.value());
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new AgentArgument(jar, options);
    }

    /** One agent option and where its value came from. */
    public record Option(String name, String value, String origin) {
        public Option {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(origin, "origin");
        }
    }

    private static String unrepresentable(String value) {
        if (value.indexOf(',') >= 0) {
            return "contains a comma";
        }
        if (!value.equals(value.strip())) {
            return "begins or ends with a blank";
        }
        return null;
    }

    /** The option string after {@code =}, as the agent's {@code agentmain} receives it. */
    public String optionText() {
        List<String> parts = new ArrayList<>();
        options.forEach((name, value) -> parts.add(value.isEmpty() ? name : name + "=" + value));
        return String.join(",", parts);
    }

    /** The argument for a java command line: one word, as is. */
    public String commandLine() {
        String optionText = optionText();
        return "-javaagent:" + jar + (optionText.isEmpty() ? "" : "=" + optionText);
    }

    /**
     * The same argument as one word of {@code JAVA_TOOL_OPTIONS}: quoted when it holds a blank
     * or a quote, since the JVM splits that variable at blanks.
     */
    public String toolOption() {
        String word = commandLine();
        if (word.chars().noneMatch(c -> Character.isWhitespace(c) || c == '\'' || c == '"')) {
            return word;
        }
        // The JVM's parser joins quoted pieces within a word: 'it'"'"'s' is it's.
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }
}
