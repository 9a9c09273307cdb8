package io.pmsocks.benchmarks;

import io.pmsocks.config.ConfigException;
import io.pmsocks.config.ConfigLoader;
import io.pmsocks.config.ConfigParser;
import io.pmsocks.config.Decision;
import io.pmsocks.config.Destination;
import io.pmsocks.config.HostResolver;
import io.pmsocks.config.RuleSet;
import io.pmsocks.config.ServiceNames;
import io.pmsocks.config.SocksServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of one {@link RuleSet#decide} as the file grows from 10 to 10 000 plain
 * {@code address mask} lines: the goal is that 10 000 lines cost at most twice what 10 do.
 *
 * <p>The lines cycle through masks /8, /16, /24 and /32 over disjoint address ranges, so that
 * every mask has many entries. {@code late} is a destination that only the last line matches
 * (a linear scan would read every line); {@code none} matches no line (the connect is refused
 * after every line was considered).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RuleSetDecideBenchmark {

    /** Only the last line covers it. */
    static final String LATE_DESTINATION = "198.51.100.77";
    /** No line covers it. */
    static final String UNMATCHED_DESTINATION = "203.0.113.1";

    @Param({"10", "10000"})
    int ruleCount;

    @Param({"late", "none"})
    String destinationKind;

    private RuleSet rules;
    private Destination destination;

    @Setup
    public void load() throws ConfigException, UnknownHostException {
        HostResolver noNames = new HostResolver() {
            @Override
            public List<InetAddress> resolve(String name) throws UnknownHostException {
                throw new UnknownHostException("the benchmark uses addresses only: " + name);
            }

            @Override
            public String localHostName() throws UnknownHostException {
                throw new UnknownHostException("the benchmark uses addresses only");
            }
        };
        ConfigLoader loader = new ConfigLoader(
                new ConfigParser(noNames, ServiceNames.parse("none", "")));
        rules = loader.load("benchmark.conf", configuration(ruleCount),
                new SocksServer("fw", SocksServer.DEFAULT_PORT));
        String address = destinationKind.equals("late") ? LATE_DESTINATION : UNMATCHED_DESTINATION;
        destination = Destination.of(InetAddress.getByName(address), 44321);

        Decision decision = rules.decide(destination, "alice");
        boolean late = decision.rule() != null && decision.rule().line() == ruleCount;
        if (destinationKind.equals("late") != late) {
            throw new IllegalStateException("the destination is decided by " + decision.explain()
                    + ", not as the benchmark intends");
        }
    }

    @Benchmark
    public Decision decide() {
        return rules.decide(destination, "alice");
    }

    /** {@code count} lines; the last one alone covers {@link #LATE_DESTINATION}. */
    static String configuration(int count) {
        String[] actions = {"direct", "sockd", "deny"};
        StringBuilder text = new StringBuilder(count * 40);
        for (int i = 0; i < count - 1; i++) {
            int k = i / 4;
            String line;
            switch (i % 4) {
                case 0:
                    line = (1 + k % 99) + ".0.0.0 255.0.0.0";
                    break;
                case 1:
                    line = (100 + k / 256 % 10) + "." + (k % 256) + ".0.0 255.255.0.0";
                    break;
                case 2:
                    line = (110 + k / 65536 % 10) + "." + (k / 256 % 256) + "." + (k % 256)
                            + ".0 255.255.255.0";
                    break;
                default:
                    line = "120." + (k / 65536 % 256) + "." + (k / 256 % 256) + "." + (k % 256)
                            + " 255.255.255.255";
                    break;
            }
            text.append(actions[i % 3]).append(' ').append(line).append('\n');
        }
        text.append("direct ").append(LATE_DESTINATION).append(" 255.255.255.255\n");
        return text.toString();
    }
}
