package io.pmsocks.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Finds the program the way the shell's {@code exec} in {@code bin/pmsocks} will, so that
 * "not found" (127) and "not executable" (126) are reported before anything starts, and
 * tells what kind of program it is.
 *
 * <p>A name with a {@code /} is a path (relative to the current directory); any other name is
 * looked up in {@code PATH}, whose empty entries mean the current directory. As {@code execvp}
 * does, an entry that exists but cannot be executed (a directory, a file without execute
 * permission) is passed over, and reported only when no later entry has an executable one.
 */
public final class ProgramLookup {

    private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};
    /** The JDK's launcher library: what every JVM launcher but jpackage's links. */
    private static final String LIBJLI = "libjli.so";

    private ProgramLookup() {
    }

    /**
     * @param name the program as given on the command line
     * @param variables the environment ({@code PATH}, {@code JAVA_HOME})
     * @throws ProgramNotRunnable with a message for after "pmsocks: " and the exit status
     */
    public static Program find(String name, Map<String, String> variables)
            throws ProgramNotRunnable {
        Path path;
        try {
            path = name.indexOf('/') >= 0 ? checkPath(name) : searchPath(name, variables);
        } catch (InvalidPathException e) {
            throw new ProgramNotRunnable(ExitStatus.NOT_FOUND, PmsocksCommand.oneLine(name)
                    + ": cannot be looked up: this locale cannot write that file name ("
                    + e.getReason() + "); run pmsocks in a locale that can, such as"
                    + " LANG=C.UTF-8");
        }
        Program.Kind kind = kindOf(path, variables);
        return new Program(path, kind, runtimeOf(path, kind));
    }

    private static Path checkPath(String name) throws ProgramNotRunnable {
        Path path = Path.of(name);
        if (!Files.exists(path)) {
            throw new ProgramNotRunnable(ExitStatus.NOT_FOUND, name + ": no such file");
        }
        if (Files.isDirectory(path)) {
            throw new ProgramNotRunnable(ExitStatus.NOT_EXECUTABLE, name + ": is a directory");
        }
        if (!Files.isExecutable(path)) {
            throw new ProgramNotRunnable(ExitStatus.NOT_EXECUTABLE,
                    name + ": permission denied (not executable)");
        }
        return path;
    }

    private static Path searchPath(String name, Map<String, String> variables)
            throws ProgramNotRunnable {
        if (name.isEmpty()) {
            throw new ProgramNotRunnable(ExitStatus.NOT_FOUND, "'': command not found");
        }
        String searchPath = variables.getOrDefault("PATH", "");
        Path notExecutable = null;
        for (String entry : searchPath.split(":", -1)) {
            Path candidate = entry.isEmpty() ? Path.of(name) : Path.of(entry, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
            if (notExecutable == null && Files.exists(candidate)) {
                notExecutable = candidate;
            }
        }
        if (notExecutable != null) {
            throw new ProgramNotRunnable(ExitStatus.NOT_EXECUTABLE, name + ": " + notExecutable
                    + (Files.isDirectory(notExecutable) ? " is a directory"
                            : " is not executable"));
        }
        throw new ProgramNotRunnable(ExitStatus.NOT_FOUND, name + ": command not found");
    }

    /**
     * java by its name (also after following links, as with {@code /usr/bin/java} through
     * {@code /etc/alternatives}) or as the same file as {@code $JAVA_HOME/bin/java}; else an
     * ELF file that needs libjli, or a jpackage'd application's launcher, is a JVM launcher,
     * any other ELF file is native; anything else is run by an interpreter that may start java.
     */
    static Program.Kind kindOf(Path path, Map<String, String> variables) {
        if (isJava(path, variables)) {
            return Program.Kind.JAVA;
        }
        byte[] head = new byte[ELF_MAGIC.length];
        try (InputStream in = Files.newInputStream(path)) {
            int read = in.readNBytes(head, 0, head.length);
            if (read != head.length || !Arrays.equals(head, ELF_MAGIC)) {
                return Program.Kind.SCRIPT;
            }
        } catch (IOException e) {
            // Execute-only: an interpreter could not read a script, so this is a native program.
            return Program.Kind.NATIVE;
        }
        if (jpackageRuntime(path) != null) {
            return Program.Kind.JVM_LAUNCHER;
        }
        try {
            return ElfFile.needed(path).contains(LIBJLI) ? Program.Kind.JVM_LAUNCHER
                    : Program.Kind.NATIVE;
        } catch (IOException e) {
            return Program.Kind.NATIVE;
        }
    }

    /**
     * The runtime a java or JVM launcher runs on: a jpackage'd application's
     * {@code lib/runtime}, else the directory above the real file's {@code bin/} (java and
     * jshell live in {@code JAVA_HOME/bin}); {@code null} for other kinds, or when the
     * runtime has no {@code release} file to tell what it is.
     */
    static JavaRuntime runtimeOf(Path path, Program.Kind kind) {
        if (kind != Program.Kind.JAVA && kind != Program.Kind.JVM_LAUNCHER) {
            return null;
        }
        Path jpackaged = jpackageRuntime(path);
        if (jpackaged != null) {
            return JavaRuntime.at(jpackaged);
        }
        try {
            Path bin = path.toRealPath().getParent();
            return bin == null || bin.getParent() == null ? null : JavaRuntime.at(bin.getParent());
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * jpackage's layout on Linux: {@code APP/bin/NAME}, its settings in
     * {@code APP/lib/app/NAME.cfg} and the runtime in {@code APP/lib/runtime}. The launcher
     * loads libjli from there at run time, so it does not name it in its ELF header.
     */
    private static Path jpackageRuntime(Path path) {
        try {
            Path real = path.toRealPath();
            Path bin = real.getParent();
            if (bin == null || bin.getParent() == null) {
                return null;
            }
            Path lib = bin.getParent().resolve("lib");
            boolean jpackaged = Files.isRegularFile(
                    lib.resolve("app").resolve(real.getFileName() + ".cfg"))
                    && Files.isDirectory(lib.resolve("runtime"));
            return jpackaged ? lib.resolve("runtime") : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isJava(Path path, Map<String, String> variables) {
        if (isNamedJava(path)) {
            return true;
        }
        try {
            if (isNamedJava(path.toRealPath())) {
                return true;
            }
            String javaHome = variables.get("JAVA_HOME");
            if (javaHome != null && !javaHome.isEmpty()) {
                Path java = Path.of(javaHome, "bin", "java");
                return Files.exists(java) && Files.isSameFile(path, java);
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static boolean isNamedJava(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().equals("java");
    }
}
