package io.pmsocks.agent;

import io.pmsocks.agent.install.Startup;
import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points: {@code -javaagent:pmsocks-agent.jar[=options]} and attach. Kept
 * tiny; {@link Startup} does the work.
 *
 * <p>Compiled for Java 8 (its own compiler execution, see the pom), unlike the rest of the
 * agent: {@code JAVA_TOOL_OPTIONS} or a launch script can give the agent to a JVM older than
 * 17, which must then not run the program unrouted, nor end in a crash dump on the first class
 * of the agent proper ({@code UnsupportedClassVersionError}). It loads this class, is told so
 * in one {@code [pmsocks]} line, and ends with status 2 before the program starts, as with an
 * invalid configuration. So this class uses nothing newer than Java 8 and names
 * {@link Startup} only in calls, which the JVM resolves when they are made, after the check.
 */
public final class PmsocksAgent {

    /** The oldest Java the agent runs on. */
    static final int MINIMUM_FEATURE = 17;

    private PmsocksAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        String tooOld = tooOld(System.getProperty("java.specification.version"));
        if (tooOld != null) {
            System.err.println("[pmsocks] error: " + tooOld + "; the program does not start");
            System.exit(Startup.EXIT_CONFIG);
        }
        Startup.atLaunch(arguments, instrumentation);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        String tooOld = tooOld(System.getProperty("java.specification.version"));
        if (tooOld != null) {
            // the attacher reports this; the running application goes on, unrouted as before
            throw new IllegalStateException("pmsocks: " + tooOld + "; not attached");
        }
        Startup.attached(arguments, instrumentation);
    }

    /**
     * What is wrong with a JVM whose {@code java.specification.version} is {@code version}
     * ({@code 1.8}, {@code 11}, {@code 17}...), or {@code null} when the agent can run there.
     * An unreadable version is let through: the agent proper then runs or fails closed. The
     * launcher's entry class makes the same check: no module that both reach is compiled for
     * Java 8 (the agent must not need the launcher's jar), so each carries these few lines.
     */
    static String tooOld(String version) {
        if (version == null) {
            return null;
        }
        String feature = version.startsWith("1.") ? version.substring(2) : version;
        int dot = feature.indexOf('.');
        try {
            int number = Integer.parseInt(dot < 0 ? feature : feature.substring(0, dot));
            return number < MINIMUM_FEATURE ? "this JVM is Java " + version + " ("
                    + System.getProperty("java.home") + "), and the pmsocks Java agent needs Java "
                    + MINIMUM_FEATURE + " or newer" : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
