package io.pmsocks.benchmarks;

import io.pmsocks.benchmarks.connect.ConnectRateBenchmark;
import io.pmsocks.benchmarks.startup.StartupBenchmark;
import io.pmsocks.testkit.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Runs the start-up and connect-rate benchmarks against the packaged agent and prints their
 * tables. It builds nothing: run {@code mvn -B -q -pl pmsocks-benchmarks -am package -DskipTests}
 * first. See this module's README for what each benchmark compares.
 */
public final class Main {

    static final String USAGE = """
            Usage: pmsocks-benchmarks/run startup|connect|all [options]
               or: java -cp pmsocks-benchmarks/target/benchmarks.jar io.pmsocks.benchmarks.Main \\
                       startup|connect|all [options]
              --jdk JAVA_HOME        run the child JVMs on this JDK (repeatable; default: this JVM's)
              --agent JAR            the agent jar (default: pmsocks-agent/target/*-shaded.jar of this build)
              --rounds N             interleaved rounds (default: 21 for startup, 5 for connect)
              --seconds S            connect: measured seconds per run (default 3)
              --warmup-seconds S     connect: seconds of connects before measuring (default 1)
              --only REGEX           connect: only the variants whose name contains a match
            Build first: mvn -B -q -pl pmsocks-benchmarks -am package -DskipTests
            The connect benchmark needs root, iproute2, dante-server and proxychains4.""";

    private static final int STARTUP_ROUNDS = 21;
    private static final int STARTUP_WARMUP_ROUNDS = 2;
    private static final int CONNECT_ROUNDS = 5;

    private Main() {
    }

    /** The parsed command line. */
    record Options(String benchmark, List<Jdk> jdks, Optional<Path> agent, Optional<Integer> rounds,
            Duration measure, Duration warmup, Optional<Pattern> only) {

        static Options parse(String[] args) {
            if (args.length == 0 || !List.of("startup", "connect", "all").contains(args[0])) {
                throw new IllegalArgumentException("say which benchmark: startup, connect or all");
            }
            List<Jdk> jdks = new ArrayList<>();
            Optional<Path> agent = Optional.empty();
            Optional<Integer> rounds = Optional.empty();
            Duration measure = Duration.ofSeconds(3);
            Duration warmup = Duration.ofSeconds(1);
            Optional<Pattern> only = Optional.empty();
            for (int i = 1; i < args.length; i += 2) {
                String option = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = args[i + 1];
                switch (option) {
                    case "--jdk" -> jdks.add(Jdk.at(Path.of(value)));
                    case "--agent" -> agent = Optional.of(Path.of(value));
                    case "--rounds" -> rounds = Optional.of(positive(option, value));
                    case "--seconds" -> measure = Duration.ofSeconds(positive(option, value));
                    case "--warmup-seconds" -> warmup = Duration.ofSeconds(positive(option, value));
                    case "--only" -> only = Optional.of(regex(value));
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (jdks.isEmpty()) {
                jdks.add(Jdk.current());
            }
            return new Options(args[0], List.copyOf(jdks), agent, rounds, measure, warmup, only);
        }

        private static int positive(String option, String value) {
            try {
                int number = Integer.parseInt(value);
                if (number > 0) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below, with the option's name
            }
            throw new IllegalArgumentException(option + " wants a positive whole number, not '" + value + "'");
        }

        private static Pattern regex(String value) {
            try {
                return Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("--only: " + e.getDescription() + " in '" + value + "'");
            }
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Options options;
        Path agent;
        try {
            options = Options.parse(args);
            agent = options.agent().orElseGet(Main::builtAgentJar);
            if (!Files.isRegularFile(agent)) {
                throw new IllegalArgumentException("no agent jar at " + agent);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("benchmarks: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        System.out.println("agent: " + agent);
        Path work = Files.createTempDirectory("pmsocks-benchmarks-");
        boolean failed = false;
        try {
            AppJars jars = AppJars.writeTo(work);
            if (!options.benchmark().equals("connect")) {
                new StartupBenchmark(agent, jars, work, options.rounds().orElse(STARTUP_ROUNDS),
                        STARTUP_WARMUP_ROUNDS, System.out).run(options.jdks());
            }
            if (!options.benchmark().equals("startup")) {
                new ConnectRateBenchmark(agent, jars, work, options.rounds().orElse(CONNECT_ROUNDS),
                        options.warmup(), options.measure(), options.only(), System.out).run(options.jdks());
            }
        } catch (IllegalStateException e) {
            System.err.println("benchmarks: " + e.getMessage());
            failed = true;
        } finally {
            Folders.deleteRecursively(work);
        }
        if (failed) {
            System.exit(1);
        }
    }

    /** {@code pmsocks-agent/target/pmsocks-agent-VERSION-shaded.jar} beside this module in the same build. */
    private static Path builtAgentJar() {
        for (Path folder = ChildJvm.locationOf(Main.class).toAbsolutePath(); folder != null;
                folder = folder.getParent()) {
            Path target = folder.resolve("pmsocks-agent").resolve("target");
            if (Files.isDirectory(target)) {
                try (Stream<Path> files = Files.list(target)) {
                    List<Path> jars = files.filter(file -> file.getFileName().toString().matches(
                            "pmsocks-agent-.*-shaded\\.jar")).toList();
                    if (jars.size() == 1) {
                        return jars.get(0);
                    }
                    throw new IllegalArgumentException("expected one pmsocks-agent-*-shaded.jar in " + target
                            + ", found " + jars + "; name one with --agent");
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot list " + target + ": " + e.getMessage());
                }
            }
        }
        throw new IllegalArgumentException("no pmsocks-agent/target above " + ChildJvm.locationOf(Main.class)
                + ": build first, or name the agent jar with --agent");
    }
}
