package io.pmsocks.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Loading configuration text the way most tests need it. */
final class Configs {

    static final String SOURCE = "/etc/pcp_socks.conf";
    static final SocksServer DEFAULT_SERVER = new SocksServer("fw", 1080);
    static final ServiceNames SERVICES = ServiceNames.parse("/etc/services",
            "http 80/tcp www www-http\nssh 22/tcp\npmcd 44321/tcp\nsyslog 514/udp\n");

    private Configs() {
    }

    static ConfigLoader loader(HostResolver resolver) {
        return new ConfigLoader(new ConfigParser(resolver, SERVICES));
    }

    static RuleSet load(String text) throws ConfigException {
        return load(new FakeResolver(), text);
    }

    static RuleSet load(HostResolver resolver, String text) throws ConfigException {
        return loader(resolver).load(SOURCE, text, DEFAULT_SERVER);
    }

    static ConfigParser.Result parse(HostResolver resolver, String text) {
        return new ConfigParser(resolver, SERVICES).parse(SOURCE, text);
    }

    static ConfigParser.Result parse(String text) {
        return parse(new FakeResolver(), text);
    }

    /** The diagnostics of text that must not load, as they are printed. */
    static List<String> errors(String text) {
        ConfigException thrown = assertThrows(ConfigException.class, () -> load(text));
        return thrown.diagnostics().stream().map(Diagnostic::toString).toList();
    }

    static Rule onlyRule(String text) throws ConfigException {
        return onlyRule(new FakeResolver(), text);
    }

    static Rule onlyRule(HostResolver resolver, String text) throws ConfigException {
        List<Rule> rules = load(resolver, text).rules();
        if (rules.size() != 1) {
            throw new AssertionError("expected one rule, got " + rules);
        }
        return rules.get(0);
    }

    /** A literal address: no name service involved. */
    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(literal, e);
        }
    }

    static Destination to(String literal, int port) {
        return Destination.of(address(literal), port);
    }

    /** The {@code --explain} words for a destination and user. */
    static String explain(RuleSet rules, Destination destination, String user) {
        return rules.decide(destination, user).explain();
    }

    static String explain(RuleSet rules, String literal, int port) {
        return explain(rules, to(literal, port), "alice");
    }

    static int ipv4(String literal) {
        return AddressPattern.toInt(address(literal));
    }
}
