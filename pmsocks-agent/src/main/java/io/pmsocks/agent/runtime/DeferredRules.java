package io.pmsocks.agent.runtime;

import io.pmsocks.config.ConfigException;
import io.pmsocks.config.ConfigLoader;
import io.pmsocks.config.Decision;
import io.pmsocks.config.Destination;
import io.pmsocks.config.Diagnostic;
import io.pmsocks.config.RuleSet;
import io.pmsocks.config.SocksServer;
import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The configuration as the agent uses it: checked at start-up (errors end the JVM there), its
 * host names resolved once, at the first decision the rules must make. Resolving a name is
 * often the JVM's first use of the name service, which costs tens of milliseconds of start-up
 * that a program that never connects (or only to loopback, which is always direct) need not
 * pay.
 *
 * <p>The warnings of that resolution (a name that does not resolve, an unreadable user list,
 * a {@code sockd} rule without a server) are printed once on stderr, debug or not, with the
 * {@code [pmsocks] } prefix and the text {@code pmsocks --check} prints.
 */
public final class DeferredRules {

    /** Loads the configuration with its host names resolved. */
    interface Loader {
        RuleSet load() throws ConfigException;
    }

    private final String source;
    private final String text;
    private final SocksServer defaultServer;
    private final DebugLog log;
    /** {@code null}: the configuration text with the JVM's resolver. */
    private final Loader loader;
    /** {@code null}: {@code System.err} as it is when the warnings are printed. */
    private final PrintStream warnings;
    /**
     * Guards the one resolution. Not a monitor: a virtual thread that waits on a monitor, or
     * resolves names while holding one, pins its carrier thread on JDK 21 to 23; a thread
     * waiting here parks instead.
     */
    private final ReentrantLock resolving = new ReentrantLock();
    private volatile RuleSet resolved;
    private volatile Boolean hasSockdDomainRules;

    /**
     * @param text the configuration, already checked without name resolution
     */
    public DeferredRules(String source, String text, SocksServer defaultServer, DebugLog log) {
        this(source, text, defaultServer, log, null, null);
    }

    /**
     * @param loader loads the rules in place of the text with the JVM's resolver
     * @param warnings where the warnings go in place of stderr
     */
    DeferredRules(String source, String text, SocksServer defaultServer, DebugLog log,
            Loader loader, PrintStream warnings) {
        this.source = Objects.requireNonNull(source, "source");
        this.text = Objects.requireNonNull(text, "text");
        this.defaultServer = defaultServer;
        this.log = Objects.requireNonNull(log, "log");
        this.loader = loader;
        this.warnings = warnings;
    }

    /** The configuration file, as messages name it. */
    public String source() {
        return source;
    }

    public Decision decide(Destination destination, String user) {
        Decision builtIn = RuleSet.builtIn(destination);
        return builtIn != null ? builtIn : resolved().decide(destination, user);
    }

    /**
     * The decision for a name that did not resolve locally, ports ignored (SPEC §3,
     * {@link RuleSet#decideName}).
     */
    public Decision decideName(String host, String user) {
        return resolved().decideName(host, user);
    }

    /**
     * Whether a {@code sockd} line names a {@code .domain}, known without resolving the
     * configuration's host names (and so without the name lookups that would cost at the
     * first lookup of a program whose rules cannot leave a name unresolved).
     */
    public boolean hasSockdDomainRules() {
        Boolean known = hasSockdDomainRules;
        if (known == null) {
            RuleSet rules = resolved;
            if (rules == null) {
                try {
                    rules = ConfigLoader.withoutNameResolution().load(source, text, defaultServer);
                } catch (ConfigException impossible) {
                    throw new IllegalStateException(impossible.getMessage(), impossible);
                }
            }
            known = rules.hasSockdDomainRules();
            hasSockdDomainRules = known;
        }
        return known;
    }

    private RuleSet resolved() {
        RuleSet rules = resolved;
        if (rules == null) {
            resolving.lock();
            try {
                rules = resolved;
                if (rules == null) {
                    rules = resolve();
                    resolved = rules;
                }
            } finally {
                resolving.unlock();
            }
        }
        return rules;
    }

    private RuleSet resolve() {
        RuleSet rules;
        try (AgentWork.Scope ignored = AgentWork.enter()) {
            rules = loader != null ? loader.load()
                    : ConfigLoader.system().load(source, text, defaultServer);
        } catch (ConfigException impossible) {
            // The same text was checked at start-up; resolution adds warnings, never errors.
            throw new IllegalStateException(impossible.getMessage(), impossible);
        }
        if (log.enabled()) {
            log.log("host names of " + source + " resolved");
        }
        PrintStream out = warnings != null ? warnings : System.err;
        for (Diagnostic warning : rules.warnings()) {
            out.println(DebugLog.PREFIX + warning);
        }
        return rules;
    }
}
