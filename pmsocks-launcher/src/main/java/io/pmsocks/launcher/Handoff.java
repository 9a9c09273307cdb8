package io.pmsocks.launcher;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code bin/pmsocks} does once the launcher has checked everything: the launcher JVM
 * ends, and the script {@code exec}s. The launcher never runs the program itself, so that no
 * JVM of its own stays resident, and the program's arguments never pass through Java strings
 * (which would change bytes that are not valid in the locale's encoding): the script keeps
 * them in its {@code "$@"} and is only told how to use them.
 *
 * <p>The plan goes to the file named by the system property {@value #PROPERTY}, which
 * {@code bin/pmsocks} sets to a descriptor of its own ({@code /dev/fd/4}, read through a
 * command substitution), so that the launcher's ordinary output (--check, --help) still goes
 * to stdout. The launcher writes a plan only when it exits with status 0; no plan with status
 * 0 means that the launcher has done the whole job. Format: a step line, then its values,
 * each on a line of its own with a backslash written {@code \\} and a line feed {@code \n}
 * (the script decodes them with {@code printf %b}):
 *
 * <pre>
 * run-java N           the program is argument N+1 of pmsocks' command line (the first N
 * VALUE                were pmsocks' own options): exec it with VALUE (the -javaagent:
 * TOOL                 argument) before its own arguments, JAVA_TOOL_OPTIONS as TOOL says
 *
 * run-tool-options N   set JAVA_TOOL_OPTIONS as TOOL says (the agent word is in it) and
 * TOOL                 exec argument N+1 with its arguments
 *
 * exec-java            exec the Java runtime that ran the launcher with these arguments
 * VALUE...             (--probe)
 * </pre>
 *
 * TOOL is {@code keep} (leave JAVA_TOOL_OPTIONS as it is), {@code unset}, or {@code set }
 * and the value to export: the launcher composes it, taking out a pmsocks agent that was
 * already there ({@link JavaToolOptions}), since the script's own copy of the variable is the
 * one the program gets.
 */
public sealed interface Handoff {

    /** The system property through which {@code bin/pmsocks} names the plan's descriptor. */
    String PROPERTY = "pmsocks.handoff";

    /** The plan's text, as described above, ending with a line feed. */
    String text();

    /**
     * Writes the plan to {@code target}, in the encoding the JVM gives file names and
     * arguments ({@code sun.jnu.encoding}), so that paths come back to the next JVM as they
     * were read.
     */
    default void writeTo(Path target) throws IOException {
        String encoding = System.getProperty("sun.jnu.encoding");
        Charset charset = encoding == null ? Charset.defaultCharset() : Charset.forName(encoding);
        // WRITE only: the target is an open pipe of the script, not a file to create
        Files.write(target, text().getBytes(charset), StandardOpenOption.WRITE);
    }

    /** What becomes of {@code JAVA_TOOL_OPTIONS} for the program. */
    sealed interface ToolOptions {
        /** The plan's line for it. */
        String line();

        /** Leave it as it is (set or not). */
        record Keep() implements ToolOptions {
            @Override
            public String line() {
                return "keep";
            }
        }

        /** Remove it from the environment. */
        record Unset() implements ToolOptions {
            @Override
            public String line() {
                return "unset";
            }
        }

        /** Export it with this value. */
        record Set(String value) implements ToolOptions {
            public Set {
                Objects.requireNonNull(value, "value");
            }

            @Override
            public String line() {
                return "set " + escape(value);
            }
        }

        /**
         * For a program that gets the agent on its command line: {@code original} (the
         * variable's value, {@code null} when unset) changes only when a pmsocks agent had to
         * be taken out of it, leaving {@code cleaned}.
         */
        static ToolOptions of(String original, String cleaned) {
            if (original == null || original.equals(cleaned)) {
                return new Keep();
            }
            return cleaned.isBlank() ? new Unset() : new Set(cleaned);
        }
    }

    /** Run the program, a java launcher, with the agent argument before its own. */
    record RunJava(int ownArguments, String agentArgument, ToolOptions toolOptions)
            implements Handoff {
        public RunJava {
            requireCount(ownArguments);
            Objects.requireNonNull(agentArgument, "agentArgument");
            Objects.requireNonNull(toolOptions, "toolOptions");
        }

        @Override
        public String text() {
            return "run-java " + ownArguments + "\n" + escape(agentArgument) + "\n"
                    + toolOptions.line() + "\n";
        }
    }

    /** Run the program with the agent word in {@code JAVA_TOOL_OPTIONS}. */
    record RunWithToolOptions(int ownArguments, ToolOptions.Set toolOptions) implements Handoff {
        public RunWithToolOptions {
            requireCount(ownArguments);
            Objects.requireNonNull(toolOptions, "toolOptions");
        }

        @Override
        public String text() {
            return "run-tool-options " + ownArguments + "\n" + toolOptions.line() + "\n";
        }
    }

    /** Replace the script by the launcher's Java runtime with these arguments. */
    record ExecJava(List<String> arguments) implements Handoff {
        public ExecJava {
            arguments = List.copyOf(arguments);
        }

        @Override
        public String text() {
            List<String> lines = new ArrayList<>();
            lines.add("exec-java");
            arguments.forEach(argument -> lines.add(escape(argument)));
            return String.join("\n", lines) + "\n";
        }
    }

    /** One value on one line: {@code \} as {@code \\}, a line feed as {@code \n}. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static void requireCount(int ownArguments) {
        if (ownArguments < 0) {
            throw new IllegalArgumentException("negative argument count " + ownArguments);
        }
    }
}
