package io.pmsocks.benchmarks.startup;

import io.pmsocks.benchmarks.AppJars;
import io.pmsocks.benchmarks.Comparison;
import io.pmsocks.benchmarks.Comparison.Goal;
import io.pmsocks.benchmarks.Folders;
import io.pmsocks.benchmarks.Jdk;
import io.pmsocks.benchmarks.LoadAverage;
import io.pmsocks.benchmarks.RoundOrder;
import io.pmsocks.benchmarks.RoundTable;
import io.pmsocks.benchmarks.apps.Hello;
import io.pmsocks.benchmarks.apps.OneConnect;
import io.pmsocks.testkit.ChildJvm;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Whole-JVM start-up: wall time from starting {@code java} to its exit, for a program that prints
 * one line, with no agent, a no-op agent and the pmsocks agent with a warm and a cold woven-class
 * cache; and for a program that opens one loopback connection. Every round runs every variant
 * once, in an order shuffled anew for each round, so that a burst of load from elsewhere falls
 * on all of them alike and no variant always follows the same one. JMH measures code inside one JVM, so it has no say here.
 *
 * <p>Warm means the cache under {@code XDG_CACHE_HOME} was filled by an earlier run, as it is
 * for a user from the second start on; cold gets a new empty folder each run. Every child gets
 * an {@code XDG_CACHE_HOME} of the benchmark's own, so the user's real cache is never used.
 */
public final class StartupBenchmark {

    static final String BARE = "bare";
    static final String NOOP = "noop";
    static final String WARM = "pmsocks-warm";
    static final String COLD = "pmsocks-cold";
    static final String NOOP_CONNECT = "noop-connect";
    static final String WARM_CONNECT = "pmsocks-warm-connect";

    /** The agent's configuration: a few rules, as a site would have; loopback is direct anyway. */
    static final List<String> CONFIG = List.of(
            "# pmsocks start-up benchmark",
            "deny 10.231.3.0 255.255.255.0",
            "direct 10.231.1.0 255.255.255.0",
            "sockd @=10.231.1.1:1080 10.231.2.0 255.255.255.0",
            "deny ALL");

    private static final List<Comparison> COMPARISONS = List.of(
            Comparison.of(WARM, NOOP, Goal.atMost(1.15)),
            Comparison.of(COLD, NOOP),
            Comparison.of(WARM_CONNECT, NOOP_CONNECT, Goal.atMost(1.15)),
            Comparison.of(NOOP, BARE));

    private static final long RUN_TIMEOUT_SECONDS = 60;

    private enum Agent { NONE, NOOP, PMSOCKS }

    /** The child's XDG_CACHE_HOME: the one filled before the rounds, or a new empty one. */
    private enum CacheFolder { FILLED, EMPTY }

    /** One way of starting the child. */
    private record Variant(String name, Agent agent, CacheFolder cache, boolean connects) {
    }

    private static final List<Variant> VARIANTS = List.of(
            new Variant(BARE, Agent.NONE, CacheFolder.FILLED, false),
            new Variant(NOOP, Agent.NOOP, CacheFolder.FILLED, false),
            new Variant(WARM, Agent.PMSOCKS, CacheFolder.FILLED, false),
            new Variant(COLD, Agent.PMSOCKS, CacheFolder.EMPTY, false),
            new Variant(NOOP_CONNECT, Agent.NOOP, CacheFolder.FILLED, true),
            new Variant(WARM_CONNECT, Agent.PMSOCKS, CacheFolder.FILLED, true));

    private final Path agentJar;
    private final AppJars jars;
    private final Path work;
    private final int rounds;
    private final int warmupRounds;
    private final PrintStream out;
    private final Path config;

    public StartupBenchmark(Path agentJar, AppJars jars, Path work, int rounds, int warmupRounds,
            PrintStream out) {
        this.agentJar = agentJar;
        this.jars = jars;
        this.work = work;
        this.rounds = rounds;
        this.warmupRounds = warmupRounds;
        this.out = out;
        this.config = work.resolve("startup-pcp_socks.conf");
    }

    public void run(List<Jdk> jdks) throws IOException, InterruptedException {
        Files.write(config, CONFIG);
        try (LoopbackEcho echo = LoopbackEcho.start()) {
            for (Jdk jdk : jdks) {
                runOn(jdk, echo.port());
            }
        }
    }

    private void runOn(Jdk jdk, int echoPort) throws IOException, InterruptedException {
        Path warmCache = Folders.createPrivate(work, "warm-cache-");
        Map<String, ChildJvm> children = new LinkedHashMap<>();
        for (Variant variant : VARIANTS) {
            children.put(variant.name(), child(jdk, variant, echoPort));
        }
        // the first start fills the cache, as a user's first start does
        runOnce(variant(WARM), children.get(WARM), warmCache);
        requireWovenClasses(warmCache);

        String loadBefore = LoadAverage.now();
        List<String> names = VARIANTS.stream().map(Variant::name).toList();
        RoundTable table = new RoundTable(names);
        RoundTable cpu = new RoundTable(names);
        Random order = RoundOrder.random();
        for (int round = -warmupRounds; round < rounds; round++) {
            if (round >= 0) {
                table.newRound();
                cpu.newRound();
            }
            for (Variant variant : RoundOrder.shuffled(VARIANTS, order)) {
                Timing timing = runOnce(variant, children.get(variant.name()), warmCache);
                if (round >= 0) {
                    table.record(variant.name(), timing.wallMillis());
                    cpu.record(variant.name(), timing.cpuMillis());
                }
            }
        }
        String loadAfter = LoadAverage.now();

        Map<String, Integer> classes = new LinkedHashMap<>();
        for (Variant variant : VARIANTS) {
            classes.put(variant.name(), loadedClasses(variant, children.get(variant.name()), warmCache));
        }
        Folders.deleteRecursively(warmCache);

        out.printf(Locale.ROOT, "%nStart-up, %s: %d interleaved rounds (+%d warm-up), load average %s"
                + " before, %s after%n", jdk, table.roundCount(), warmupRounds, loadBefore, loadAfter);
        out.printf(Locale.ROOT, "  %-22s  %-28s  %-28s  %s%n", "variant", "wall ms: median [p25..p75]",
                "CPU ms: median [p25..p75]", "classes loaded");
        for (Variant variant : VARIANTS) {
            out.printf(Locale.ROOT, "  %-22s  %-28s  %-28s  %d%n", variant.name(),
                    table.samples(variant.name()).describe(1), cpu.samples(variant.name()).describe(0),
                    classes.get(variant.name()));
        }
        out.println("  wall time (the goal):");
        table.printComparisons(out, COMPARISONS);
        out.println("  CPU time (user + system; less disturbed by load, 10 ms ticks):");
        cpu.printComparisons(out, COMPARISONS.stream().map(c -> Comparison.of(c.candidate(), c.baseline()))
                .toList());
    }

    private static Variant variant(String name) {
        return VARIANTS.stream().filter(variant -> variant.name().equals(name)).findFirst().orElseThrow();
    }

    private ChildJvm child(Jdk jdk, Variant variant, int echoPort) {
        ChildJvm child = ChildJvm.forMainClass(variant.connects() ? OneConnect.class.getName()
                        : Hello.class.getName())
                .withJavaHome(jdk.home())
                .withClasspath(jars.apps());
        if (variant.connects()) {
            child = child.withArguments("127.0.0.1", Integer.toString(echoPort));
        }
        return switch (variant.agent()) {
            case NONE -> child;
            case NOOP -> child.withAgent(jars.noopAgent(), "");
            case PMSOCKS -> child.withAgent(agentJar, "config=" + config);
        };
    }

    /** Wall and CPU (user + system) time of one run of a child JVM. */
    private record Timing(double wallMillis, double cpuMillis) {
    }

    /** Runs the child once and returns its times; fails unless it did its job. */
    private Timing runOnce(Variant variant, ChildJvm child, Path warmCache)
            throws IOException, InterruptedException {
        return run(variant, child, List.of(), warmCache);
    }

    private Timing run(Variant variant, ChildJvm child, List<String> extraOptions, Path warmCache)
            throws IOException, InterruptedException {
        Path cache = variant.cache() == CacheFolder.EMPTY ? Folders.createPrivate(work, "cold-cache-")
                : warmCache;
        // a file, not a pipe: a child that hangs must not block the reader past the timeout
        Path output = work.resolve("startup-child.out");
        try {
            List<String> command = new ArrayList<>(child.command());
            command.addAll(1, extraOptions);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().clear();
            builder.environment().putAll(child.environment());
            builder.environment().put("XDG_CACHE_HOME", cache.toString());
            double cpuBefore = ReapedChildrenCpu.millis();
            long started = System.nanoTime();
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(variant.name() + " still running after "
                        + RUN_TIMEOUT_SECONDS + " s: " + String.join(" ", command));
            }
            double millis = (System.nanoTime() - started) / 1e6;
            double cpuMillis = ReapedChildrenCpu.millis() - cpuBefore;
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            String expected = (variant.connects() ? "echoed" : "hello") + System.lineSeparator();
            if (process.exitValue() != 0 || !printed.equals(expected)) {
                throw new IllegalStateException(variant.name() + " did not run cleanly (status "
                        + process.exitValue() + "): " + String.join(" ", command)
                        + System.lineSeparator() + printed);
            }
            return new Timing(millis, cpuMillis);
        } finally {
            if (variant.cache() == CacheFolder.EMPTY) {
                Folders.deleteRecursively(cache);
            }
        }
    }

    /** Classes the variant loads, counted once from {@code -Xlog:class+load} (outside the timed runs). */
    private int loadedClasses(Variant variant, ChildJvm child, Path warmCache)
            throws IOException, InterruptedException {
        Path log = work.resolve("class-load-" + variant.name() + ".log");
        run(variant, child, List.of("-Xlog:class+load=info:file=" + log), warmCache);
        try (Stream<String> lines = Files.lines(log)) {
            return (int) lines.filter(line -> line.contains(" source: ")).count();
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static void requireWovenClasses(Path cache) throws IOException {
        Path woven = cache.resolve("pmsocks").resolve("woven-classes");
        long files = 0;
        if (Files.isDirectory(woven)) {
            try (Stream<Path> entries = Files.list(woven)) {
                files = entries.filter(file -> file.toString().endsWith(".class")).count();
            }
        }
        if (files == 0) {
            throw new IllegalStateException("the agent stored no woven classes in " + woven
                    + ": a warm start cannot be measured");
        }
    }
}
