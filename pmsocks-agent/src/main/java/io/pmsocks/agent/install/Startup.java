package io.pmsocks.agent.install;

import io.pmsocks.agent.runtime.DebugLog;
import io.pmsocks.agent.runtime.DeferredRules;
import io.pmsocks.config.ConfigException;
import io.pmsocks.config.ConfigLoader;
import io.pmsocks.config.ConfigLocation;
import io.pmsocks.config.Diagnostic;
import io.pmsocks.config.EffectiveUser;
import io.pmsocks.config.Settings;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Start-up of the agent: options, configuration (fail fast, located errors), then activation.
 * Nothing is done on the application's behalf here.
 */
public final class Startup {

    /** Exit status of a JVM whose pmsocks configuration is missing or invalid. */
    public static final int EXIT_CONFIG = 2;

    private Startup() {
    }

    /**
     * The configuration of the load that acted, for the warning of a later load that names
     * another. Loads of the same jar, and of any jar on the class path before it, share this
     * class, so a second load sees the first's.
     */
    private static volatile Path active;
    private static volatile boolean warnedOfSecondLoad;

    /**
     * From {@code premain}: whatever goes wrong ends the JVM, with status 2, before the
     * application starts: a connect must never escape the rules because the agent failed to
     * start. A premain that throws would instead end the JVM with a crash dump and
     * "processing of -javaagent failed", and a user with a typo in the configuration should see
     * the located error; anything else is one {@code [pmsocks]} line.
     */
    public static void atLaunch(String arguments, Instrumentation instrumentation) {
        try {
            start(arguments, instrumentation, false);
        } catch (ConfigException e) {
            printDiagnostics(e);
            System.exit(EXIT_CONFIG);
        } catch (RuntimeException | Error e) {
            System.err.println(DebugLog.PREFIX + "error: " + failure(e)
                    + "; the program does not start");
            System.exit(EXIT_CONFIG);
        }
    }

    /**
     * From {@code agentmain}: never ends the running application; the attacher is told. An
     * attach that names another configuration than the agent already active fails: the rules
     * of a running agent cannot be replaced, and "loaded" would be untrue.
     */
    public static void attached(String arguments, Instrumentation instrumentation) {
        String ignored = JavaBaseBridge.isDefined() ? ignoredConfiguration(arguments, true) : null;
        if (ignored != null) {
            System.err.println(DebugLog.PREFIX + "warning: " + ignored);
            throw new IllegalStateException("pmsocks: " + ignored);
        }
        try {
            start(arguments, instrumentation, true);
        } catch (ConfigException e) {
            printDiagnostics(e);
            throw new IllegalStateException("pmsocks: invalid configuration, not attached:"
                    + System.lineSeparator() + e.getMessage());
        } catch (RuntimeException | Error e) {
            throw new IllegalStateException("pmsocks: " + failure(e) + "; not attached", e);
        }
    }

    /** An unexpected failure of start-up, on one line. */
    static String failure(Throwable e) {
        return ("cannot start the Java agent (" + e + ")").replaceAll("\\p{Cntrl}", " ");
    }

    private static void start(String arguments, Instrumentation instrumentation,
            boolean attached) throws ConfigException {
        long started = System.nanoTime();
        if (JavaBaseBridge.isDefined()) {
            // loaded twice (command line and JAVA_TOOL_OPTIONS): act once
            String ignored = ignoredConfiguration(arguments, false);
            if (ignored != null && !warnedOfSecondLoad) {
                warnedOfSecondLoad = true;
                System.err.println(DebugLog.PREFIX + "warning: " + ignored);
            }
            return;
        }
        Map<String, String> environment = System.getenv();
        Settings settings = Settings.from(environment, AgentOptions.parse(arguments));
        ConfigLocation location = settings.configLocation(environment);
        String text = ConfigLoader.read(location, shippedDefault());
        // Every error ends start-up here; host names are resolved at the first decision.
        ConfigLoader.withoutNameResolution().load(location.source(), text,
                settings.defaultServer());
        DebugLog log = DebugLog.open(settings.debug());
        DeferredRules rules = new DeferredRules(location.source(), text,
                settings.defaultServer(), log);
        if (log.enabled()) {
            log.log(banner() + ", rules from " + rules.source());
        }
        try {
            Activation.activate(instrumentation, JavaBaseBridge.define(instrumentation), rules,
                    settings, log, EffectiveUser.name(), banner(), environment);
            NativeTransportGuard.install(instrumentation, log, attached);
        } catch (Exception e) {
            // fail closed, as for any other failure of start-up (see atLaunch)
            throw new IllegalStateException("cannot install the agent in this JVM: " + e, e);
        }
        active = location.path();
        if (log.enabled()) {
            log.log("active after " + (System.nanoTime() - started) / 1_000_000 + " ms");
        }
    }

    /**
     * A second load acts not: the first decides every connect. When the second names another
     * configuration file (a profile's JAVA_TOOL_OPTIONS and a launch script's -javaagent, or an
     * attach), that file would silently not be used: the sentence that says so, whatever the
     * debug setting, or {@code null} when the second load names the same file (or names none
     * that can be read).
     */
    private static String ignoredConfiguration(String arguments, boolean attaching) {
        Path first = active;
        if (first == null) {
            return null;
        }
        Path second;
        try {
            Map<String, String> environment = System.getenv();
            second = Settings.from(environment, AgentOptions.parse(arguments))
                    .configLocation(environment).path();
        } catch (ConfigException | RuntimeException e) {
            return null; // options it cannot even read: it names no configuration to compare
        }
        if (sameFile(first, second)) {
            return null;
        }
        return "the pmsocks Java agent is loaded again, with " + second + ", but the first load"
                + " decides every connect of this JVM, by " + first + "; " + second + " is not used"
                + (attaching ? " (a running JVM's rules cannot be replaced: restart it with the"
                        + " configuration wanted)"
                        : " (remove one of the two -javaagent: options, from the command line or"
                        + " JAVA_TOOL_OPTIONS)");
    }

    private static boolean sameFile(Path first, Path second) {
        if (first.toAbsolutePath().normalize().equals(second.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.isSameFile(first, second);
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    private static void printDiagnostics(ConfigException e) {
        for (Diagnostic diagnostic : e.diagnostics()) {
            System.err.println(diagnostic);
        }
    }

    static String banner() {
        String version = Startup.class.getPackage().getImplementationVersion();
        return "pmsocks " + (version == null ? "(development build)" : version)
                + " Java agent";
    }

    /** The distribution's default file, {@code etc/pcp_socks.conf} beside {@code lib/}. */
    private static Path shippedDefault() {
        try {
            Path jar = Path.of(Startup.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
            Path candidate = jar.getParent().getParent().resolve("etc/pcp_socks.conf");
            return Files.isRegularFile(candidate) ? candidate : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
