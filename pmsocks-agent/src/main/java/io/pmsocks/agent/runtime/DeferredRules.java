package io.pmsocks.agent.runtime;

import io.pmsocks.config.ConfigException;
import io.pmsocks.config.ConfigLoader;
import io.pmsocks.config.Decision;
import io.pmsocks.config.Destination;
import io.pmsocks.config.Diagnostic;
import io.pmsocks.config.RuleSet;
import io.pmsocks.config.SocksServer;
import java.util.Objects;

/**
 * The configuration as the agent uses it: checked at start-up (errors end the JVM there), its
 * host names resolved once, at the first decision the rules must make. Resolving a name is
 * often the JVM's first use of the name service, which costs tens of milliseconds of start-up
 * that a program that never connects (or only to loopback, which is always direct) need not
 * pay.
 */
public final class DeferredRules {

    private final String source;
    private final String text;
    private final SocksServer defaultServer;
    private final DebugLog log;
    private volatile RuleSet resolved;

    /**
     * @param text the configuration, already checked without name resolution
     */
    public DeferredRules(String source, String text, SocksServer defaultServer, DebugLog log) {
        this.source = Objects.requireNonNull(source, "source");
        this.text = Objects.requireNonNull(text, "text");
        this.defaultServer = defaultServer;
        this.log = Objects.requireNonNull(log, "log");
    }

    /** The configuration file, as messages name it. */
    public String source() {
        return source;
    }

    public Decision decide(Destination destination, String user) {
        Decision builtIn = RuleSet.builtIn(destination);
        return builtIn != null ? builtIn : resolved().decide(destination, user);
    }

    private RuleSet resolved() {
        RuleSet rules = resolved;
        if (rules == null) {
            synchronized (this) {
                rules = resolved;
                if (rules == null) {
                    rules = resolve();
                    resolved = rules;
                }
            }
        }
        return rules;
    }

    private RuleSet resolve() {
        try (AgentWork.Scope ignored = AgentWork.enter()) {
            RuleSet rules = ConfigLoader.system().load(source, text, defaultServer);
            if (log.enabled()) {
                log.log("host names of " + source + " resolved");
                for (Diagnostic warning : rules.warnings()) {
                    log.log(warning.toString());
                }
            }
            return rules;
        } catch (ConfigException impossible) {
            // The same text was checked at start-up; resolution adds warnings, never errors.
            throw new IllegalStateException(impossible.getMessage(), impossible);
        }
    }
}
