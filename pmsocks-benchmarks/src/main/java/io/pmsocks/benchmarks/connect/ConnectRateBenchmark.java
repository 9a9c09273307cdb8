package io.pmsocks.benchmarks.connect;

import io.pmsocks.benchmarks.AppJars;
import io.pmsocks.benchmarks.Comparison;
import io.pmsocks.benchmarks.Comparison.Goal;
import io.pmsocks.benchmarks.Folders;
import io.pmsocks.benchmarks.Jdk;
import io.pmsocks.benchmarks.LoadAverage;
import io.pmsocks.benchmarks.RoundOrder;
import io.pmsocks.benchmarks.RoundTable;
import io.pmsocks.benchmarks.Samples;
import io.pmsocks.benchmarks.apps.ConnectLoop;
import io.pmsocks.benchmarks.apps.LeanEchoServer;
import io.pmsocks.testkit.ChildJvm;
import io.pmsocks.testkit.ChildProcess;
import io.pmsocks.testkit.CommandResult;
import io.pmsocks.testkit.Dante;
import io.pmsocks.testkit.DanteConfig;
import io.pmsocks.testkit.Namespace;
import io.pmsocks.testkit.ProcessHost;
import io.pmsocks.testkit.Requirements;
import io.pmsocks.testkit.Topology;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Connects per second of one client thread ({@link ConnectLoop}) in the test kit's inside
 * namespace, each connect checked by an echo, in these ways:
 *
 * <ul>
 * <li>direct, to an echo server on the inside namespace's loopback (loopback is always direct)
 * and to one on {@code 10.231.1.1}, which a {@code direct} line of the configuration lets
 * through, so that the rule engine decides every connect: with and without the agent;</li>
 * <li>through a real Dante sockd in the firewall namespace to an echo server outside, which the
 * firewall cannot reach otherwise: the JDK's own SOCKS4 ({@code -DsocksProxyHost},
 * {@code Socket} only), proxychains4 ({@code LD_PRELOAD}) and the pmsocks agent, which also
 * speaks SOCKS5 to the same Dante ({@code -socks5} variants).</li>
 * </ul>
 *
 * Every round runs every variant once, in an order shuffled anew for each round.
 */
public final class ConnectRateBenchmark {

    static final String LOOPBACK_ADDRESS = "127.0.0.1";
    static final int SOCKD_PORT = 1080;
    static final long MAX_CONNECTS = 10_000_000;

    /** The agent's rules: the direct line is not the first, so a decision reads more than one. */
    static final List<String> CONFIG = List.of(
            "# pmsocks connect-rate benchmark",
            "deny 10.231.3.0 255.255.255.0",
            "direct " + Topology.FIREWALL_INSIDE_ADDRESS + " 255.255.255.255",
            "sockd @=" + Topology.FIREWALL_INSIDE_ADDRESS + ":" + SOCKD_PORT + " 10.231.2.0 255.255.255.0",
            "deny ALL");

    /**
     * The same rules with the same Dante spoken to in SOCKS5: the difference between the two
     * is the protocol's extra round trip (method negotiation before the CONNECT).
     */
    static final List<String> SOCKS5_CONFIG = CONFIG.stream()
            .map(line -> line.replace("sockd @=", "sockd @=socks5://")).toList();

    private static final Pattern RESULT = Pattern.compile(
            "result connects=(\\d+) millis=(\\d+) cpu_millis=(\\d+) total=(\\d+)");

    /** How the client JVM is started. */
    enum Launch { PLAIN, PMSOCKS, PMSOCKS_SOCKS5, JDK_SOCKS4, PROXYCHAINS }

    /** Where the client connects to. */
    enum Target { LOOPBACK, DIRECT_RULE, THROUGH_SOCKD }

    /** One way of running the client: a column of the rounds. */
    record Variant(String name, Launch launch, String mode, Target target) {
    }

    static final List<Variant> VARIANTS = List.of(
            new Variant("loopback-socket-plain", Launch.PLAIN, "socket", Target.LOOPBACK),
            new Variant("loopback-socket-pmsocks", Launch.PMSOCKS, "socket", Target.LOOPBACK),
            new Variant("loopback-channel-plain", Launch.PLAIN, "channel", Target.LOOPBACK),
            new Variant("loopback-channel-pmsocks", Launch.PMSOCKS, "channel", Target.LOOPBACK),
            new Variant("rule-socket-plain", Launch.PLAIN, "socket", Target.DIRECT_RULE),
            new Variant("rule-socket-pmsocks", Launch.PMSOCKS, "socket", Target.DIRECT_RULE),
            new Variant("rule-channel-plain", Launch.PLAIN, "channel", Target.DIRECT_RULE),
            new Variant("rule-channel-pmsocks", Launch.PMSOCKS, "channel", Target.DIRECT_RULE),
            new Variant("sockd-socket-jdk", Launch.JDK_SOCKS4, "socket", Target.THROUGH_SOCKD),
            new Variant("sockd-socket-proxychains", Launch.PROXYCHAINS, "socket", Target.THROUGH_SOCKD),
            new Variant("sockd-socket-pmsocks", Launch.PMSOCKS, "socket", Target.THROUGH_SOCKD),
            new Variant("sockd-socket-pmsocks-socks5", Launch.PMSOCKS_SOCKS5, "socket", Target.THROUGH_SOCKD),
            new Variant("sockd-channel-proxychains", Launch.PROXYCHAINS, "channel", Target.THROUGH_SOCKD),
            new Variant("sockd-channel-pmsocks", Launch.PMSOCKS, "channel", Target.THROUGH_SOCKD),
            new Variant("sockd-channel-pmsocks-socks5", Launch.PMSOCKS_SOCKS5, "channel", Target.THROUGH_SOCKD),
            new Variant("sockd-selector-proxychains", Launch.PROXYCHAINS, "selector", Target.THROUGH_SOCKD),
            new Variant("sockd-selector-pmsocks", Launch.PMSOCKS, "selector", Target.THROUGH_SOCKD));

    static final List<Comparison> RATE_COMPARISONS = List.of(
            Comparison.of("loopback-socket-pmsocks", "loopback-socket-plain", Goal.atLeast(0.97)),
            Comparison.of("loopback-channel-pmsocks", "loopback-channel-plain", Goal.atLeast(0.97)),
            Comparison.of("rule-socket-pmsocks", "rule-socket-plain", Goal.atLeast(0.97)),
            Comparison.of("rule-channel-pmsocks", "rule-channel-plain", Goal.atLeast(0.97)),
            Comparison.of("sockd-socket-pmsocks", "sockd-socket-jdk", Goal.atLeast(1.15)),
            Comparison.of("sockd-socket-pmsocks", "sockd-socket-proxychains"),
            Comparison.of("sockd-socket-pmsocks-socks5", "sockd-socket-pmsocks"),
            Comparison.of("sockd-channel-pmsocks-socks5", "sockd-channel-pmsocks"),
            Comparison.of("sockd-channel-pmsocks", "sockd-channel-proxychains", Goal.atLeast(1.1)),
            Comparison.of("sockd-selector-pmsocks", "sockd-selector-proxychains", Goal.atLeast(1.1)));

    private final Path agentJar;
    private final AppJars jars;
    private final Path work;
    private final int rounds;
    private final Duration warmup;
    private final Duration measure;
    private final List<Variant> variants;
    private final PrintStream out;

    /**
     * @param only keeps the variants whose name it finds, and so the comparisons between them
     */
    public ConnectRateBenchmark(Path agentJar, AppJars jars, Path work, int rounds, Duration warmup,
            Duration measure, Optional<Pattern> only, PrintStream out) {
        this.agentJar = agentJar;
        this.jars = jars;
        this.work = work;
        this.rounds = rounds;
        this.warmup = warmup;
        this.measure = measure;
        this.variants = VARIANTS.stream()
                .filter(variant -> only.map(pattern -> pattern.matcher(variant.name()).find()).orElse(true))
                .toList();
        this.out = out;
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("--only " + only.orElseThrow() + " matches no variant; the"
                    + " variants are " + VARIANTS.stream().map(Variant::name).toList());
        }
    }

    public void run(List<Jdk> jdks) throws IOException {
        try {
            // a benchmark has nothing to skip to: a missing requirement is a failure with its reason
            System.setProperty(Requirements.REQUIRE_PROPERTY, "true");
            Requirements.assumeDante();
        } catch (AssertionError missing) {
            throw new IllegalStateException("the connect benchmark cannot run: " + missing.getMessage());
        }
        boolean proxychains = variants.stream().anyMatch(variant -> variant.launch() == Launch.PROXYCHAINS);
        Path proxychainsProgram = proxychains ? proxychains4() : null;
        Path config = work.resolve("connect-pcp_socks.conf");
        Files.write(config, CONFIG);
        Files.write(socks5Config(config), SOCKS5_CONFIG);
        Path proxychainsConfig = work.resolve("connect-proxychains.conf");
        Files.write(proxychainsConfig, List.of(
                "# the firewall's Dante, as pmsocks uses it; nothing else",
                "strict_chain",
                "quiet_mode",
                "tcp_read_time_out 15000",
                "tcp_connect_time_out 8000",
                "[ProxyList]",
                "socks4 " + Topology.FIREWALL_INSIDE_ADDRESS + " " + SOCKD_PORT));

        try (Topology topology = Topology.create()) {
            allowManyShortConnections(topology);
            try (Dante dante = Dante.start(topology.firewall(), DanteConfig.firewall(SOCKD_PORT))) {
                Endpoints endpoints = new Endpoints(
                        startEcho(topology.inside(), LOOPBACK_ADDRESS),
                        startEcho(topology.firewall(), Topology.FIREWALL_INSIDE_ADDRESS),
                        startEcho(topology.outside(), Topology.OUTSIDE_ADDRESS));
                for (Jdk jdk : jdks) {
                    runOn(jdk, topology.inside(), dante.pid(), endpoints, config, proxychainsProgram,
                            proxychainsConfig);
                }
            }
        }
    }

    /** Where the echo servers listen, as {@code ADDRESS:PORT}. */
    private record Endpoints(String loopback, String directRule, String outside) {

        String of(Target target) {
            return switch (target) {
                case LOOPBACK -> loopback;
                case DIRECT_RULE -> directRule;
                case THROUGH_SOCKD -> outside;
            };
        }
    }

    private void runOn(Jdk jdk, Namespace inside, long dantePid, Endpoints endpoints, Path config,
            Path proxychainsProgram, Path proxychainsConfig) throws IOException {
        Path cache = Folders.createPrivate(work, "connect-cache-");
        List<String> names = variants.stream().map(Variant::name).toList();
        RoundTable rates = new RoundTable(names);
        RoundTable cpu = new RoundTable(names);
        RoundTable sockdCpu = new RoundTable(names);
        // the cache folder for every agent run, and the same environment for every variant
        Map<String, String> environment = ChildJvm.forMainClass(ConnectLoop.class.getName())
                .withEnvironment("XDG_CACHE_HOME", cache.toString()).environment();
        Duration timeout = warmup.plus(measure).plusSeconds(60);
        String loadBefore = LoadAverage.now();
        Random order = RoundOrder.random();
        for (int round = 0; round < rounds; round++) {
            rates.newRound();
            cpu.newRound();
            sockdCpu.newRound();
            for (Variant variant : RoundOrder.shuffled(variants, order)) {
                List<String> command = command(jdk, variant, endpoints, config, proxychainsProgram,
                        proxychainsConfig);
                long sockdBefore = ProcessTreeCpu.micros(dantePid);
                CommandResult result = inside.run(timeout, command, environment);
                long sockdMicros = ProcessTreeCpu.micros(dantePid) - sockdBefore;
                Matcher m = RESULT.matcher(result.stdout().strip());
                if (result.exitCode() != 0 || !m.matches()) {
                    throw new IllegalStateException(result.describe(variant.name() + " on " + jdk
                            + " failed"));
                }
                long connects = Long.parseLong(m.group(1));
                long millis = Long.parseLong(m.group(2));
                long cpuMillis = Long.parseLong(m.group(3));
                long total = Long.parseLong(m.group(4));
                rates.record(variant.name(), connects * 1000.0 / millis);
                cpu.record(variant.name(), cpuMillis * 1000.0 / connects);
                if (variant.target() == Target.THROUGH_SOCKD) {
                    sockdCpu.record(variant.name(), (double) sockdMicros / total);
                }
            }
            out.printf(Locale.ROOT, "  (%s: round %d of %d done, load average %s)%n", jdk.version(), round + 1,
                    rounds, LoadAverage.now());
        }
        String loadAfter = LoadAverage.now();

        out.printf(Locale.ROOT, "%nConnect rate, %s: %d interleaved rounds of %d ms (after %d ms warm-up)"
                + " per variant, load average %s before, %s after%n", jdk, rates.roundCount(),
                measure.toMillis(), warmup.toMillis(), loadBefore, loadAfter);
        out.printf(Locale.ROOT, "  %-28s  %-28s  %-24s  %s%n", "variant", "connects/s: median [p25..p75]",
                "client CPU us/connect", "sockd CPU us/connect");
        for (Variant variant : variants) {
            Samples sockd = sockdCpu.samples(variant.name());
            out.printf(Locale.ROOT, "  %-28s  %-28s  %-24s  %s%n", variant.name(),
                    rates.samples(variant.name()).describe(0), cpu.samples(variant.name()).describe(0),
                    sockd.size() == 0 ? "-" : sockd.describe(0));
        }
        out.println("  connect rates (higher is better):");
        rates.printComparisons(out, RATE_COMPARISONS);
        out.println("  client CPU per connect (lower is better):");
        cpu.printComparisons(out, RATE_COMPARISONS.stream()
                .map(c -> Comparison.of(c.candidate(), c.baseline())).toList());
        Folders.deleteRecursively(cache);
    }

    private List<String> command(Jdk jdk, Variant variant, Endpoints endpoints, Path config,
            Path proxychainsProgram, Path proxychainsConfig) {
        String endpoint = endpoints.of(variant.target());
        int colon = endpoint.lastIndexOf(':');
        ChildJvm child = ChildJvm.forMainClass(ConnectLoop.class.getName())
                .withJavaHome(jdk.home())
                .withClasspath(jars.apps())
                .withArguments(variant.mode(), endpoint.substring(0, colon), endpoint.substring(colon + 1),
                        Long.toString(warmup.toMillis()), Long.toString(measure.toMillis()),
                        Long.toString(MAX_CONNECTS));
        List<String> command = new ArrayList<>();
        switch (variant.launch()) {
            case PLAIN -> command.addAll(child.command());
            case PMSOCKS -> command.addAll(child.withAgent(agentJar, "config=" + config).command());
            case PMSOCKS_SOCKS5 -> command.addAll(child.withAgent(agentJar, "config=" + socks5Config(config))
                    .command());
            case JDK_SOCKS4 -> command.addAll(child.withJvmOptions(
                    "-DsocksProxyHost=" + Topology.FIREWALL_INSIDE_ADDRESS,
                    "-DsocksProxyPort=" + SOCKD_PORT,
                    "-DsocksProxyVersion=4").command());
            case PROXYCHAINS -> {
                command.addAll(List.of(proxychainsProgram.toString(), "-q", "-f", proxychainsConfig.toString()));
                command.addAll(child.command());
            }
        }
        return command;
    }

    /** The file of {@link #SOCKS5_CONFIG}, beside the one of {@link #CONFIG}. */
    private static Path socks5Config(Path config) {
        return config.resolveSibling("connect-socks5-pcp_socks.conf");
    }

    /**
     * The echo servers close first, so the clients keep no connection in TIME_WAIT; still, a
     * round makes some hundred thousand connects from one address within a minute, and a wide
     * local port range with reuse of TIME_WAIT ports keeps port choice out of the measurement
     * wherever TIME_WAIT does land. These settings belong to the test's own namespaces and go
     * with them.
     */
    private static void allowManyShortConnections(Topology topology) {
        for (Namespace namespace : topology.namespaces()) {
            namespace.run(Duration.ofSeconds(10), List.of("sysctl", "-q", "-w", "net.ipv4.tcp_tw_reuse=1",
                    "net.ipv4.ip_local_port_range=1024 65535"), System.getenv()).requireSuccess();
        }
    }

    private String startEcho(ProcessHost where, String address) {
        ChildProcess server = ChildJvm.forMainClass(LeanEchoServer.class.getName())
                .withClasspath(jars.apps())
                .withJvmOptions("-Xmx64m", "-XX:+UseSerialGC")
                .withArguments(address, "0", Integer.toString(ConnectLoop.PAYLOAD_LENGTH))
                .startIn(where);
        String ready = server.awaitStdoutLine(line -> line.startsWith("ready "), Duration.ofSeconds(20));
        return ready.substring("ready ".length());
    }

    private static Path proxychains4() {
        for (String folder : (System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin")
                .split(File.pathSeparator)) {
            Path candidate = Path.of(folder.isEmpty() ? "." : folder, "proxychains4");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("proxychains4 is not installed (Debian package proxychains4);"
                + " install it, or leave its variants out with --only");
    }
}
