package io.pmsocks.launcher;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * {@code pmsocks --attach PID}: loads the Java agent into a running JVM through the JDK's
 * attach mechanism (with ByteBuddy's attacher). Before attaching it checks, from
 * {@code /proc}, what the attach mechanism would otherwise answer obscurely or dangerously:
 * that the process exists, belongs to this user, and is a JVM (the attach mechanism signals
 * the process with SIGQUIT, which ends a process that is not a JVM).
 */
public final class AgentAttacher {

    /** Why an attach did not happen, for after "pmsocks: ". */
    public static final class AttachFailed extends Exception {
        private static final long serialVersionUID = 1L;

        AttachFailed(String message) {
            super(message);
        }
    }

    private final Path proc;

    /** @param proc the proc file system, {@code /proc} */
    public AgentAttacher(Path proc) {
        this.proc = proc;
    }

    /**
     * @param agentOptions the option string for {@code agentmain}
     * @throws AttachFailed when the process is missing, another user's, not a JVM, or refuses
     *     the agent
     */
    public void attach(long pid, Path agentJar, String agentOptions) throws AttachFailed {
        check(pid);
        try {
            ByteBuddyAgent.attach(agentJar.toFile(), Long.toString(pid), agentOptions);
        } catch (RuntimeException e) {
            throw new AttachFailed(explain(pid, e));
        }
    }

    /** The checks made before attaching; package-visible for the tests. */
    void check(long pid) throws AttachFailed {
        Path process = proc.resolve(Long.toString(pid));
        String name = commandName(process);
        if (name == null) {
            throw new AttachFailed("no process with PID " + pid);
        }
        String described = "process " + pid + " (" + name + ")";
        try {
            int owner = (Integer) Files.getAttribute(process, "unix:uid");
            int self = (Integer) Files.getAttribute(proc.resolve("self"), "unix:uid");
            if (owner != self && self != 0) {
                String user = Files.getOwner(process).getName();
                throw new AttachFailed(described + " belongs to user " + user
                        + "; a JVM accepts the agent only from its own user: run"
                        + " 'sudo -u " + user + " pmsocks --attach " + pid + "'");
            }
        } catch (IOException | UnsupportedOperationException e) {
            // unknown owner: the attach itself will say whether it is allowed
        }
        String maps;
        try {
            maps = Files.readString(process.resolve("maps"));
        } catch (IOException e) {
            return; // not readable: let the attach mechanism decide
        }
        if (!maps.contains("/libjvm.so")) {
            throw new AttachFailed(described + " is not a Java virtual machine");
        }
    }

    private static String commandName(Path process) {
        try {
            return Files.readString(process.resolve("comm")).strip();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * The attach mechanism's exception, said in terms of what to do. ByteBuddy wraps it (in an
     * IllegalStateException and a reflective InvocationTargetException); the JDK's classes
     * are matched by name, since their module may be absent from a runtime without jdk.attach.
     */
    static String explain(long pid, Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && (cause instanceof IllegalStateException
                || cause instanceof InvocationTargetException)) {
            cause = cause.getCause();
        }
        String message = String.valueOf(cause.getMessage());
        switch (cause.getClass().getName()) {
            case "com.sun.tools.attach.AgentInitializationException":
                return "the Java agent could not start in process " + pid + " (" + message
                        + "); that process's standard error says why";
            case "com.sun.tools.attach.AttachNotSupportedException":
                return "process " + pid + " refused the attach (" + message + "); a JVM started"
                        + " with -XX:+DisableAttachMechanism or -Xrs, or not a HotSpot JVM, cannot"
                        + " be attached to";
            case "com.sun.tools.attach.AgentLoadException":
                return "process " + pid + " could not load the Java agent (" + message + ")";
            default:
                if (message.startsWith("No compatible attachment provider")) {
                    return "this Java runtime cannot attach to other JVMs (it lacks the jdk.attach"
                            + " module): set JAVA_HOME to a full JDK";
                }
                return "cannot attach to process " + pid + ": " + cause;
        }
    }
}
