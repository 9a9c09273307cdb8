package io.pmsocks.agent.install;

import io.pmsocks.agent.runtime.DebugLog;
import io.pmsocks.agent.runtime.DeferredRules;
import io.pmsocks.config.ConfigException;
import io.pmsocks.config.ConfigLoader;
import io.pmsocks.config.ConfigLocation;
import io.pmsocks.config.Diagnostic;
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

    /** From {@code premain}: a bad configuration ends the JVM before the application starts. */
    public static void atLaunch(String arguments, Instrumentation instrumentation) {
        try {
            start(arguments, instrumentation);
        } catch (ConfigException e) {
            printDiagnostics(e);
            // A premain that throws ends the JVM with a crash dump; a user with a typo in the
            // configuration should see the located error and status 2 instead.
            System.exit(EXIT_CONFIG);
        }
    }

    /** From {@code agentmain}: never ends the running application; the attacher is told. */
    public static void attached(String arguments, Instrumentation instrumentation) {
        try {
            start(arguments, instrumentation);
        } catch (ConfigException e) {
            printDiagnostics(e);
            throw new IllegalStateException("pmsocks: invalid configuration, not attached:"
                    + System.lineSeparator() + e.getMessage());
        }
    }

    private static void start(String arguments, Instrumentation instrumentation)
            throws ConfigException {
        long started = System.nanoTime();
        if (JavaBaseBridge.isDefined()) {
            return; // loaded twice (command line and JAVA_TOOL_OPTIONS, or attach): act once
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
                    settings, log, System.getProperty("user.name"), banner(), environment);
        } catch (Exception | LinkageError e) {
            System.err.println("pmsocks: cannot install the agent in this JVM ("
                    + e + "); its connections are not routed");
            return;
        }
        if (log.enabled()) {
            log.log("active after " + (System.nanoTime() - started) / 1_000_000 + " ms");
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
