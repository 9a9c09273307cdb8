package io.pmsocks.launcher;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The program {@code pmsocks} is to run, as found before the hand-off, and how the Java agent
 * reaches it.
 *
 * @param path where it was found (as the shell's {@code exec} will find it)
 * @param kind what it is, which decides how it gets the agent
 * @param runtime the Java runtime it runs on, for {@link Kind#JAVA} and
 *     {@link Kind#JVM_LAUNCHER} when its {@code release} file tells; else {@code null}
 */
public record Program(Path path, Kind kind, JavaRuntime runtime) {

    /** What a program is, as far as giving it the Java agent goes. */
    public enum Kind {
        /** A {@code java} launcher: the agent goes on its command line, before its options. */
        JAVA,
        /**
         * Another program that starts a JVM in its own process and so reads
         * {@code JAVA_TOOL_OPTIONS}: an ELF executable that needs {@code libjli.so} (jshell,
         * jar, a copy of java under another name), or the launcher of an application that
         * jpackage made ({@code bin/APP} beside {@code lib/app/APP.cfg}).
         */
        JVM_LAUNCHER,
        /**
         * A {@code #!} script, or any other file the kernel does not run natively (the shell or
         * binfmt_misc runs it): it may start java, which finds the agent in
         * {@code JAVA_TOOL_OPTIONS}.
         */
        SCRIPT,
        /**
         * A native (ELF) executable that does not start a JVM, such as {@code pminfo}: it gets
         * {@code JAVA_TOOL_OPTIONS} too, for the Java programs it may start, but its own
         * connections are not routed.
         */
        NATIVE
    }

    public Program {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
    }
}
