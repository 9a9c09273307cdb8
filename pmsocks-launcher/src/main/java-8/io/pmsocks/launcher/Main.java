package io.pmsocks.launcher;

/**
 * Entry point of {@code bin/pmsocks}; the only place that ends the JVM.
 *
 * <p>Compiled for Java 8 (its own compiler execution, see the pom), unlike the rest of the
 * launcher: an older Java runtime (a JAVA_HOME or a {@code java} on PATH older than 17) can
 * load this class and be told so, with {@link ExitStatus#JAVA_RUNTIME}, instead of failing with
 * {@code UnsupportedClassVersionError} on the first class of pmsocks proper. So this class
 * uses nothing newer than Java 8 and names the rest of the launcher only in a call, which the
 * JVM resolves when it is made, after the check.
 */
public final class Main {

    /** The oldest Java the launcher and the agent run on (a constant: no class is loaded). */
    static final int MINIMUM_FEATURE = JavaRuntime.MINIMUM_FEATURE;

    private Main() {
    }

    public static void main(String[] args) {
        String tooOld = tooOld(System.getProperty("java.specification.version"));
        if (tooOld != null) {
            System.err.println("pmsocks: " + tooOld + " (" + System.getProperty("java.home")
                    + "): set JAVA_HOME to a Java " + MINIMUM_FEATURE + " or newer runtime");
            System.exit(ExitStatus.JAVA_RUNTIME);
        }
        int status;
        try {
            status = PmsocksCommand.execute(args);
        } catch (Throwable e) {
            // What picocli's handler does not see (an Error, such as running out of memory):
            // one line too, never a stack trace.
            System.err.println("pmsocks: internal error, nothing was started: "
                    + PmsocksCommand.oneLine(String.valueOf(e)));
            status = ExitStatus.INTERNAL;
        }
        System.exit(status);
    }

    /**
     * What is wrong with a Java runtime whose {@code java.specification.version} is
     * {@code version} ({@code 1.8}, {@code 11}, {@code 17}...), or {@code null} when it can run
     * pmsocks. An unreadable version is let through: the runtime then says what it cannot do.
     * The agent's entry class makes the same check: no module that both reach is compiled for
     * Java 8, so each carries these few lines.
     */
    static String tooOld(String version) {
        if (version == null) {
            return null;
        }
        String feature = version.startsWith("1.") ? version.substring(2) : version;
        int dot = feature.indexOf('.');
        try {
            int number = Integer.parseInt(dot < 0 ? feature : feature.substring(0, dot));
            return number < MINIMUM_FEATURE ? "Java " + version + " is too old for pmsocks, which"
                    + " needs Java " + MINIMUM_FEATURE + " or newer" : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
