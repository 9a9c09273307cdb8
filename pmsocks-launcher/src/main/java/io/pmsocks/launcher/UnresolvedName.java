package io.pmsocks.launcher;

import io.pmsocks.config.Decision;
import io.pmsocks.config.Destination;
import io.pmsocks.config.HostPort;
import io.pmsocks.config.HostResolver;
import io.pmsocks.config.LocalNames;
import io.pmsocks.config.PlaceholderRange;
import io.pmsocks.config.RuleSet;
import java.net.UnknownHostException;

/**
 * What {@code --explain} decides for a host name as the Java agent would (SPEC §3, "Names only
 * the far side can resolve"): a name of a split-horizon domain is not looked up here at all; a
 * name that does not resolve here is decided by name, and a note on stderr says what the agent
 * does with its lookups.
 *
 * @param destination what the rules decide
 * @param note the line for stderr, or {@code null}
 */
record UnresolvedName(Destination destination, String note) {

    /** The destination of {@code target}, a host name or an address literal. */
    static UnresolvedName of(ExplainTarget target, RuleSet rules, String user,
            HostResolver resolver) {
        Decision byName = rules.decideName(target.host(), user);
        if (RuleSet.skipsLocalResolver(byName) && !isLocalName(target.host(), resolver)
                && HostPort.literalAddress(target.host()) == null) {
            return new UnresolvedName(new Destination(target.host(), null, target.port()),
                    "pmsocks: " + target.host() + " is not looked up here: its lookups are answered"
                    + " a placeholder address (" + PlaceholderRange.CIDR + ") and the name is left"
                    + " to " + byName.explain() + " (split-horizon)");
        }
        Destination destination = target.destination(resolver);
        if (destination.isResolved()) {
            return new UnresolvedName(destination, null);
        }
        String note = "pmsocks: " + target.host() + " does not resolve here: only .domain rules"
                + " and rules with mask 0.0.0.0 can match it";
        if (byName instanceof Decision.Sockd sockd && !sockd.servers().isEmpty()
                && !isLocalName(target.host(), resolver)) {
            note += "; its lookups are answered a placeholder address (" + PlaceholderRange.CIDR
                    + ") and the name is left to " + byName.explain();
        } else {
            note += "; its lookups fail as without pmsocks (" + byName.explain() + ")";
        }
        return new UnresolvedName(destination, note);
    }

    /** {@code localhost}, its subdomains, this host's name: always resolved locally. */
    private static boolean isLocalName(String host, HostResolver resolver) {
        String own;
        try {
            own = resolver.localHostName();
        } catch (UnknownHostException | RuntimeException e) {
            own = null;
        }
        return LocalNames.isLocal(host, own);
    }
}
