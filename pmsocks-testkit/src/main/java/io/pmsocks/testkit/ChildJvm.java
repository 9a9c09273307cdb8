package io.pmsocks.testkit;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The command line and environment of a child {@code java} process: which JDK, the Java agent with its options,
 * the class path, the main class and its arguments. Immutable; each {@code with...} returns a changed copy.
 *
 * <p>The environment starts as this JVM's minus the variables that change pmsocks' or the JVM's behaviour behind a
 * test's back ({@link #SCRUBBED_VARIABLES}): a developer's own {@code SOCKS_SERVER} or {@code JAVA_TOOL_OPTIONS}
 * must not change what a test sees. A test sets what it needs with {@link #withEnvironment(String, String)}.
 *
 * @param javaHome    the JDK or JRE to run; by default the test's own {@code java.home}
 * @param jvmOptions  options before the main class, such as {@code -Xmx64m}
 * @param agent       the Java agent jar and its option string (empty string for none), if any
 * @param classpath   the class path entries
 * @param mainClass   the fully qualified main class
 * @param arguments   the program arguments
 * @param environment the complete environment of the child
 */
public record ChildJvm(Path javaHome, List<String> jvmOptions, Optional<Agent> agent, List<Path> classpath,
                       String mainClass, List<String> arguments, Map<String, String> environment) {

    /** Environment variables removed from the inherited environment, see the class description. */
    public static final Set<String> SCRUBBED_VARIABLES = Set.of(
            "SOCKS_SERVER", "SOCKS_PORT", "SOCKS_NS", "SOCKS_DEBUG", "SOCKS_BANNER",
            "PMCD_CONNECT_TIMEOUT", "PMCD_PORT", "PMSOCKS_CONFIG",
            "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "CLASSPATH");

    /** Options that make a short-lived helper JVM start quickly; not used for the JVM under test by default. */
    public static final List<String> QUICK_START_OPTIONS =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx64m");

    /**
     * A {@code -javaagent:JAR[=OPTIONS]} argument.
     *
     * @param jar     the agent jar
     * @param options the option string after {@code =}; empty for none
     */
    public record Agent(Path jar, String options) {
        public Agent {
            Objects.requireNonNull(jar, "jar");
            Objects.requireNonNull(options, "options");
        }

        String argument() {
            return "-javaagent:" + jar + (options.isEmpty() ? "" : "=" + options);
        }
    }

    public ChildJvm {
        Objects.requireNonNull(javaHome, "javaHome");
        jvmOptions = List.copyOf(jvmOptions);
        Objects.requireNonNull(agent, "agent");
        classpath = List.copyOf(classpath);
        Objects.requireNonNull(mainClass, "mainClass");
        arguments = List.copyOf(arguments);
        environment = Map.copyOf(environment);
    }

    /** A child running {@code mainClass} on the test's own JDK, with an empty class path so far. */
    public static ChildJvm forMainClass(String mainClass) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.keySet().removeAll(SCRUBBED_VARIABLES);
        return new ChildJvm(Path.of(System.getProperty("java.home")), List.of(), Optional.empty(), List.of(),
                mainClass, List.of(), environment);
    }

    /** A child running {@code mainClass}, with the class path entry (jar or folder) that it was loaded from. */
    public static ChildJvm forMainClass(Class<?> mainClass) {
        return forMainClass(mainClass.getName()).withClasspath(locationOf(mainClass));
    }

    /** Where a class was loaded from: its jar, or its classes folder. */
    public static Path locationOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null) {
            throw new IllegalArgumentException(type.getName() + " has no code source (a JDK class?)");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot turn " + source.getLocation() + " into a path", e);
        }
    }

    public ChildJvm withJavaHome(Path newJavaHome) {
        if (!Files.isExecutable(newJavaHome.resolve("bin").resolve("java"))) {
            throw new IllegalArgumentException(newJavaHome + " has no bin/java");
        }
        return new ChildJvm(newJavaHome, jvmOptions, agent, classpath, mainClass, arguments, environment);
    }

    /** Adds JVM options, after those already there. */
    public ChildJvm withJvmOptions(String... options) {
        return new ChildJvm(javaHome, concat(jvmOptions, List.of(options)), agent, classpath, mainClass, arguments,
                environment);
    }

    /** Sets the Java agent; {@code options} is the string after {@code =}, empty for none. */
    public ChildJvm withAgent(Path jar, String options) {
        return new ChildJvm(javaHome, jvmOptions, Optional.of(new Agent(jar, options)), classpath, mainClass,
                arguments, environment);
    }

    /** Adds class path entries, after those already there. */
    public ChildJvm withClasspath(Path... entries) {
        return new ChildJvm(javaHome, jvmOptions, agent, concat(classpath, List.of(entries)), mainClass, arguments,
                environment);
    }

    /** Adds program arguments, after those already there. */
    public ChildJvm withArguments(String... newArguments) {
        return new ChildJvm(javaHome, jvmOptions, agent, classpath, mainClass, concat(arguments, List.of(newArguments)),
                environment);
    }

    /** Adds program arguments, after those already there. */
    public ChildJvm withArguments(List<String> newArguments) {
        return new ChildJvm(javaHome, jvmOptions, agent, classpath, mainClass, concat(arguments, newArguments),
                environment);
    }

    public ChildJvm withEnvironment(String name, String value) {
        Map<String, String> changed = new HashMap<>(environment);
        changed.put(name, value);
        return new ChildJvm(javaHome, jvmOptions, agent, classpath, mainClass, arguments, changed);
    }

    public ChildJvm withoutEnvironment(String name) {
        Map<String, String> changed = new HashMap<>(environment);
        changed.remove(name);
        return new ChildJvm(javaHome, jvmOptions, agent, classpath, mainClass, arguments, changed);
    }

    /** The full command: {@code JAVA_HOME/bin/java [options] [-javaagent:...] [-cp ...] MAIN [args]}. */
    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.addAll(jvmOptions);
        agent.ifPresent(a -> command.add(a.argument()));
        if (!classpath.isEmpty()) {
            command.add("-cp");
            command.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
        }
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }

    /** Starts the child in {@code where} (a namespace, or {@link LocalHost}). */
    public ChildProcess startIn(ProcessHost where) {
        return where.start(command(), environment);
    }

    /** Runs the child in {@code where} to completion and returns its exit status and output. */
    public CommandResult runIn(ProcessHost where, Duration timeout) {
        return where.run(timeout, command(), environment);
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> joined = new ArrayList<>(first);
        joined.addAll(second);
        return joined;
    }
}
