package io.pmsocks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The indexed {@link RuleSet#decide} must give exactly the answer of the plain reading of
 * SPEC §2: built-in loopback, then the first line that matches. Random rule sets and random
 * destinations, compared against a linear scan written here from the specification.
 */
class RuleSetIndexTest {

    private static final String SOURCE = "random.conf";
    private static final SocksServer DEFAULT_SERVER = new SocksServer("fw", 1080);

    private static final String[] NETS = {"10.0.0.0", "10.1.0.0", "10.1.2.0", "10.1.2.3",
        "192.168.1.0", "192.168.7.9", "172.16.0.0", "198.51.100.0"};
    private static final String[] MASKS = {"0.0.0.0", "255.0.0.0", "255.255.0.0",
        "255.255.255.0", "255.255.255.255", "255.240.0.0", "255.0.255.0", "0.255.0.0"};
    private static final String[] IPV6 = {"2001:db8::1", "2001:db8:1::5", "fd00::7",
        "2001:db9::1", "::ffff:10.1.2.3"};
    private static final String[] IPV6_PREFIXES = {"2001:db8::", "2001:db8:1::", "fd00::", "::"};
    private static final int[] IPV6_BITS = {0, 7, 16, 32, 33, 48, 128};
    private static final String[] SUFFIXES = {".example.com", ".corp.example.com", ".org"};
    private static final String[] NAMES = {"pmcd.example.com", "a.corp.example.com",
        "example.org", "host.invalid", "corp.example.com"};
    private static final int[] PORTS = {0, 22, 80, 1023, 1024, 1025, 44321, 65535};
    private static final String[] USERS = {"alice", "bob", "carol"};

    /** SPEC §2, read literally. */
    static Decision firstMatch(List<Rule> rules, Destination destination, String user) {
        InetAddress address = destination.address();
        if (address != null && (address.isLoopbackAddress() || address.isAnyLocalAddress())) {
            return new Decision.Direct(null);
        }
        for (Rule rule : rules) {
            if (rule.matches(destination, user)) {
                switch (rule.action()) {
                    case DIRECT:
                        return new Decision.Direct(rule);
                    case DENY:
                        return new Decision.Deny(rule);
                    default:
                        return new Decision.Sockd(rule, rule.servers().isEmpty()
                                ? List.of(DEFAULT_SERVER) : rule.servers());
                }
            }
        }
        return new Decision.NoRule(SOURCE);
    }

    @Test
    void indexedDecisionsEqualTheFirstMatchingLine() {
        Map<String, Integer> outcomes = new HashMap<>();
        int decidedLate = 0;
        for (long s = 1; s <= 400; s++) {
            long seed = s;
            Random random = new Random(seed);
            List<Rule> rules = randomRules(random, 1 + random.nextInt(60));
            RuleSet indexed = RuleSet.of(SOURCE, rules, DEFAULT_SERVER, List.of());
            for (int d = 0; d < 150; d++) {
                Destination destination = randomDestination(random);
                String user = USERS[random.nextInt(USERS.length)];
                Decision expected = firstMatch(rules, destination, user);
                Decision actual = indexed.decide(destination, user);
                assertEquals(expected, actual, () -> "seed " + seed + " destination "
                        + destination + " user " + user + "\nrules:\n" + listing(rules));
                outcomes.merge(actual.getClass().getSimpleName()
                        + (actual.rule() == null ? "" : "+rule"), 1, Integer::sum);
                if (actual.rule() != null && actual.rule().line() > 10) {
                    decidedLate++;
                }
            }
        }
        // the generator must exercise every kind of answer, or equality proves little
        assertEquals(Set.of("Direct", "Direct+rule", "Deny+rule", "Sockd+rule", "NoRule"),
                outcomes.keySet(), outcomes.toString());
        for (Map.Entry<String, Integer> outcome : outcomes.entrySet()) {
            assertTrue(outcome.getValue() > 500, outcomes.toString());
        }
        assertTrue(decidedLate > 1000, "only " + decidedLate + " decisions after line 10");
    }

    @Test
    void manyRulesSharingMasksAndAddresses() {
        Random random = new Random(42);
        List<Rule> rules = randomRules(random, 3000);
        RuleSet indexed = RuleSet.of(SOURCE, rules, DEFAULT_SERVER, List.of());
        for (int d = 0; d < 5000; d++) {
            Destination destination = randomDestination(random);
            String user = USERS[random.nextInt(USERS.length)];
            assertEquals(firstMatch(rules, destination, user), indexed.decide(destination, user),
                    () -> "destination " + destination + " user " + user);
        }
    }

    private static List<Rule> randomRules(Random random, int count) {
        List<Rule> rules = new ArrayList<>(count);
        for (int line = 1; line <= count; line++) {
            Action action = Action.values()[random.nextInt(3)];
            List<SocksServer> servers = action == Action.SOCKD && random.nextBoolean()
                    ? List.of(new SocksServer("fw" + random.nextInt(3), 1080 + random.nextInt(2)))
                    : List.of();
            rules.add(new Rule(SOURCE, line, action, servers, randomUsers(random),
                    randomPattern(random), randomPort(random), null));
        }
        return rules;
    }

    private static AddressPattern randomPattern(Random random) {
        int kind = random.nextInt(100);
        if (kind < 62) {
            return new AddressPattern.Ipv4Masked(randomIpv4(random),
                    Configs.ipv4(MASKS[random.nextInt(MASKS.length)]));
        }
        if (kind < 75) {
            List<InetAddress> addresses = new ArrayList<>();
            int size = random.nextInt(4);
            for (int i = 0; i < size; i++) {
                addresses.add(random.nextInt(3) == 0
                        ? Configs.address(IPV6[random.nextInt(IPV6.length)])
                        : intToAddress(randomIpv4(random)));
            }
            int mask = random.nextInt(3) == 0 ? -1
                    : Configs.ipv4(MASKS[random.nextInt(MASKS.length)]);
            return new AddressPattern.HostAddresses("host" + random.nextInt(5), addresses, mask);
        }
        if (kind < 85) {
            return new AddressPattern.DomainSuffix(SUFFIXES[random.nextInt(SUFFIXES.length)]);
        }
        if (kind < 95) {
            return new AddressPattern.Ipv6Prefix(
                    Configs.address(IPV6_PREFIXES[random.nextInt(IPV6_PREFIXES.length)])
                            .getAddress(), IPV6_BITS[random.nextInt(IPV6_BITS.length)]);
        }
        return new AddressPattern.Ipv4Masked(0, 0);
    }

    private static PortCondition randomPort(Random random) {
        if (random.nextBoolean()) {
            return null;
        }
        PortCondition.Operator[] operators = PortCondition.Operator.values();
        return new PortCondition(operators[random.nextInt(operators.length)],
                PORTS[random.nextInt(PORTS.length)]);
    }

    private static UserList randomUsers(Random random) {
        int kind = random.nextInt(10);
        if (kind < 7) {
            return null;
        }
        if (kind == 7) {
            return new UserList(List.of(), Set.of());
        }
        String user = USERS[random.nextInt(2)];
        return new UserList(List.of(user), Set.of(user));
    }

    private static Destination randomDestination(Random random) {
        int port = PORTS[random.nextInt(PORTS.length)];
        int kind = random.nextInt(100);
        if (kind < 60) {
            return Destination.of(intToAddress(randomIpv4(random)), port);
        }
        if (kind < 72) {
            return Destination.of(Configs.address(IPV6[random.nextInt(IPV6.length)]), port);
        }
        if (kind < 77) {
            String[] local = {"127.0.0.1", "127.9.9.9", "::1", "0.0.0.0", "::ffff:127.0.0.1"};
            return Destination.of(Configs.address(local[random.nextInt(local.length)]), port);
        }
        String name = NAMES[random.nextInt(NAMES.length)];
        InetAddress address = kind < 88 ? null : intToAddress(randomIpv4(random));
        return new Destination(name, address, port);
    }

    /** An address near the networks the rules use, so that rules and destinations meet. */
    private static int randomIpv4(Random random) {
        int net = Configs.ipv4(NETS[random.nextInt(NETS.length)]);
        int noise = random.nextInt(4) == 0 ? random.nextInt() : random.nextInt(4);
        return random.nextBoolean() ? net : net ^ (noise & (random.nextBoolean() ? 0xff : 0x0300ff));
    }

    private static InetAddress intToAddress(int value) {
        return Configs.address(AddressPattern.dotted(value));
    }

    private static String listing(List<Rule> rules) {
        StringBuilder text = new StringBuilder();
        for (Rule rule : rules) {
            text.append(rule.line()).append(": ").append(rule).append('\n');
        }
        return text.toString();
    }
}
