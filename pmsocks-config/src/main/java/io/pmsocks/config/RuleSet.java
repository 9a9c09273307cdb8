package io.pmsocks.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rules of one configuration file and the decision they make for a destination.
 *
 * <p>First match wins, yet the cost of a decision does not grow with the number of plain
 * {@code address mask} rules: they are indexed by mask, then by masked address, and each
 * index entry holds its rule numbers in file order. A decision looks up the destination once
 * per distinct mask and keeps the smallest rule number whose port and user conditions also
 * hold. Rules that cannot be indexed ({@code .domain}, IPv6 prefixes, host names with IPv6
 * addresses) are few in practice and are scanned in order.
 */
public final class RuleSet {

    private final String source;
    private final List<Rule> rules;
    private final SocksServer defaultServer;
    private final List<Diagnostic> warnings;

    /** Per distinct IPv4 mask: masked address to rule indexes, ascending. */
    private final int[] masks;
    private final List<Map<Integer, int[]>> byMask;
    /** Rules with mask 0.0.0.0: match every address; only port and user left to check. */
    private final int[] everywhere;
    /** Rules checked in full, in order. */
    private final int[] scanned;
    private final boolean hasSockdDomainRules;

    private RuleSet(String source, List<Rule> rules, SocksServer defaultServer,
            List<Diagnostic> warnings) {
        this.source = Objects.requireNonNull(source, "source");
        this.rules = List.copyOf(rules);
        this.defaultServer = defaultServer;
        this.warnings = List.copyOf(warnings);

        Map<Integer, Map<Integer, List<Integer>>> index = new LinkedHashMap<>();
        List<Integer> universal = new ArrayList<>();
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < this.rules.size(); i++) {
            AddressPattern pattern = this.rules.get(i).address();
            if (pattern instanceof AddressPattern.Ipv4Masked masked) {
                if (masked.matchesEverything()) {
                    universal.add(i);
                } else {
                    addToIndex(index, masked.mask(), masked.address(), i);
                }
            } else if (pattern instanceof AddressPattern.HostAddresses host) {
                if (host.mask() == 0 && !host.addresses().isEmpty()) {
                    universal.add(i);
                    continue;
                }
                boolean hasIpv6 = false;
                for (InetAddress address : host.addresses()) {
                    if (address instanceof Inet4Address) {
                        addToIndex(index, host.mask(), AddressPattern.toInt(address), i);
                    } else {
                        hasIpv6 = true;
                    }
                }
                if (hasIpv6) {
                    rest.add(i);
                }
            } else {
                rest.add(i);
            }
        }
        this.masks = new int[index.size()];
        this.byMask = new ArrayList<>(index.size());
        int m = 0;
        for (Map.Entry<Integer, Map<Integer, List<Integer>>> entry : index.entrySet()) {
            masks[m++] = entry.getKey();
            Map<Integer, int[]> table = new HashMap<>(entry.getValue().size() * 2);
            for (Map.Entry<Integer, List<Integer>> addresses : entry.getValue().entrySet()) {
                table.put(addresses.getKey(), toSortedDistinct(addresses.getValue()));
            }
            byMask.add(table);
        }
        boolean domainSockd = false;
        for (Rule rule : this.rules) {
            domainSockd |= rule.action() == Action.SOCKD
                    && rule.address() instanceof AddressPattern.DomainSuffix;
        }
        this.hasSockdDomainRules = domainSockd;
        this.everywhere = toSortedDistinct(universal);
        this.scanned = toSortedDistinct(rest);
    }

    /**
     * @param source the file the rules came from, as messages name it
     * @param defaultServer SOCKS_SERVER:SOCKS_PORT, or {@code null} when SOCKS_SERVER is unset
     * @param warnings problems found at load that did not stop it (shown by {@code --check})
     */
    public static RuleSet of(String source, List<Rule> rules, SocksServer defaultServer,
            List<Diagnostic> warnings) {
        return new RuleSet(source, rules, defaultServer, warnings);
    }

    public String source() {
        return source;
    }

    public List<Rule> rules() {
        return rules;
    }

    public List<Diagnostic> warnings() {
        return warnings;
    }

    /** SOCKS_SERVER:SOCKS_PORT, or {@code null}. */
    public SocksServer defaultServer() {
        return defaultServer;
    }

    /**
     * Decide one connect: built-in loopback and wildcard first, then the first matching line.
     *
     * @param user the effective user name, for {@code *=} lists
     */
    public Decision decide(Destination destination, String user) {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(user, "user");
        Decision builtIn = builtIn(destination);
        if (builtIn != null) {
            return builtIn;
        }
        InetAddress address = destination.address();
        if (address != null && PlaceholderRange.contains(address)) {
            return decideWithoutAddress(destination, user);
        }
        int best = Integer.MAX_VALUE;
        if (address instanceof Inet4Address) {
            int value = AddressPattern.toInt(address);
            for (int m = 0; m < masks.length; m++) {
                int[] candidates = byMask.get(m).get(value & masks[m]);
                if (candidates != null) {
                    best = firstPortAndUserMatch(candidates, best, destination.port(), user);
                }
            }
        }
        best = firstPortAndUserMatch(everywhere, best, destination.port(), user);
        for (int index : scanned) {
            if (index >= best) {
                break;
            }
            if (rules.get(index).matches(destination, user)) {
                best = index;
                break;
            }
        }
        return best == Integer.MAX_VALUE ? new Decision.NoRule(source) : decisionFor(rules.get(best));
    }

    /**
     * The decision for a name that did not resolve locally, as a name lookup must make it before
     * any port is known (SPEC §3): the first line whose address and user conditions match the
     * name, its port condition ignored. Only {@code .domain} rules and rules with mask
     * {@code 0.0.0.0} can match a name without an address. A connect to the name is decided
     * again with its port, by {@link #decide}.
     *
     * @param host the name as the application gave it
     * @param user the effective user name, for {@code *=} lists
     */
    public Decision decideName(String host, String user) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Destination name = new Destination(host, null, 0);
        for (Rule rule : rules) {
            if (rule.address().matches(name) && (rule.users() == null || rule.users().matches(user))) {
                return decisionFor(rule);
            }
        }
        return new Decision.NoRule(source);
    }

    /**
     * Whether a name that {@link #decideName} decided so is left to the proxy without asking the
     * local resolver at all (split-horizon DNS, SPEC §3): the deciding line names the
     * {@code .domain} (a mask-{@code 0.0.0.0} catch-all does not count) and every server it
     * sends to is {@code socks5h} or {@code http}, the schemes that send a name as the
     * application gave it. {@code socks4} and {@code socks5} servers send an address when the name
     * has one locally, so the local resolver is asked first for them.
     */
    public static boolean skipsLocalResolver(Decision decision) {
        if (!(decision instanceof Decision.Sockd sockd)
                || !(sockd.rule().address() instanceof AddressPattern.DomainSuffix)
                || sockd.servers().isEmpty()) {
            return false;
        }
        for (SocksServer server : sockd.servers()) {
            if (server.scheme() != ProxyScheme.SOCKS5H && server.scheme() != ProxyScheme.HTTP) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether any {@code sockd} line names a {@code .domain}: without one, no name is ever left
     * unresolved before the local resolver was asked, and a lookup need not decide anything.
     */
    public boolean hasSockdDomainRules() {
        return hasSockdDomainRules;
    }

    /**
     * An address of the {@link PlaceholderRange} matches no rule by its address: the name the
     * application gave matches {@code .domain} rules, and rules with mask {@code 0.0.0.0} match
     * as they match every destination.
     */
    private Decision decideWithoutAddress(Destination destination, String user) {
        if (destination.hostName() == null) {
            int best = firstPortAndUserMatch(everywhere, Integer.MAX_VALUE, destination.port(), user);
            return best == Integer.MAX_VALUE ? new Decision.NoRule(source) : decisionFor(rules.get(best));
        }
        Destination name = new Destination(destination.hostName(), null, destination.port());
        for (Rule rule : rules) {
            if (rule.matches(name, user)) {
                return decisionFor(rule);
            }
        }
        return new Decision.NoRule(source);
    }

    /**
     * The decision built in before any rule (SPEC §2): loopback and the wildcard address are
     * always direct. {@code null} when the rules decide.
     */
    public static Decision builtIn(Destination destination) {
        InetAddress address = destination.address();
        if (address != null && (address.isLoopbackAddress() || address.isAnyLocalAddress())) {
            return new Decision.Direct(null);
        }
        return null;
    }

    private Decision decisionFor(Rule rule) {
        switch (rule.action()) {
            case DIRECT:
                return new Decision.Direct(rule);
            case DENY:
                return new Decision.Deny(rule);
            case SOCKD:
                List<SocksServer> servers = !rule.servers().isEmpty() ? rule.servers()
                        : defaultServer != null ? List.of(defaultServer) : List.of();
                return new Decision.Sockd(rule, servers);
            default:
                throw new AssertionError(rule.action());
        }
    }

    private int firstPortAndUserMatch(int[] candidates, int best, int port, String user) {
        for (int index : candidates) {
            if (index >= best) {
                return best;
            }
            if (rules.get(index).matchesPortAndUser(port, user)) {
                return index;
            }
        }
        return best;
    }

    private static void addToIndex(Map<Integer, Map<Integer, List<Integer>>> index, int mask,
            int address, int rule) {
        Map<Integer, List<Integer>> byAddress = index.get(mask);
        if (byAddress == null) {
            byAddress = new HashMap<>();
            index.put(mask, byAddress);
        }
        List<Integer> rules = byAddress.get(address & mask);
        if (rules == null) {
            rules = new ArrayList<>();
            byAddress.put(address & mask, rules);
        }
        rules.add(rule);
    }

    private static int[] toSortedDistinct(List<Integer> list) {
        int[] values = new int[list.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = list.get(i);
        }
        java.util.Arrays.sort(values);
        int distinct = 0;
        for (int i = 0; i < values.length; i++) {
            if (i == 0 || values[i] != values[i - 1]) {
                values[distinct++] = values[i];
            }
        }
        return java.util.Arrays.copyOf(values, distinct);
    }
}
