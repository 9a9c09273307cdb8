package io.pmsocks.launcher;

import io.pmsocks.config.ConfigException;
import io.pmsocks.config.ConfigLoader;
import io.pmsocks.config.ConfigLocation;
import io.pmsocks.config.ConfigParser;
import io.pmsocks.config.Decision;
import io.pmsocks.config.Destination;
import io.pmsocks.config.Diagnostic;
import io.pmsocks.config.Rule;
import io.pmsocks.config.RuleSet;
import io.pmsocks.config.ServiceNames;
import io.pmsocks.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.simple.SimpleLogger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pmsocks [options] [path]program [args ...]} (SPEC §5): checks the configuration,
 * explains what it decides for one destination, and (in a later version) runs a program with
 * the Java agent.
 */
@Command(
        name = "pmsocks",
        mixinStandardHelpOptions = true,
        versionProvider = PmsocksCommand.Version.class,
        sortOptions = false,
        customSynopsis = {
            "pmsocks [--config FILE] [path]program [args ...]",
            "       pmsocks [--config FILE] --check",
            "       pmsocks [--config FILE] [--user NAME] --explain HOST[:PORT]",
        },
        description = {
            "",
            "Runs a Java program so that each TCP connect it makes is made directly, through a"
                    + " SOCKS4 sockd, or refused, as the first matching rule of the configuration"
                    + " file decides. Options end at the program name: everything after it belongs"
                    + " to the program.",
            "",
            "Running programs is not yet implemented by this version: use --check and --explain.",
        },
        parameterListHeading = "%nParameters:%n",
        optionListHeading = "%nOptions:%n",
        exitCodeOnInvalidInput = ExitStatus.USAGE,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            ExitStatus.OK + ":success (--check found no error, --explain answered)",
            "N:the program's own status; 128+N when a signal N ended it",
            ExitStatus.USAGE + ":wrong command line, or no program given",
            ExitStatus.CONFIG + ":the configuration file or an environment variable is"
                    + " missing or invalid",
            ExitStatus.NOT_EXECUTABLE + ":the program cannot be executed",
            ExitStatus.NOT_FOUND + ":the program, or a Java runtime for pmsocks, was not found",
        },
        footerHeading = "%nEnvironment:%n",
        footer = {
            "  PMSOCKS_CONFIG         configuration file, when --config is not given",
            "  SOCKS_SERVER           sockd host for sockd rules without @=",
            "  SOCKS_PORT             its port (default 1080)",
            "  SOCKS_NS               name server for resolving sockd host names",
            "  SOCKS_DEBUG            set: [pmsocks] debug lines on stderr (/FILE: to FILE)",
            "  SOCKS_BANNER           set: a version line on the first routed connect",
            "  PMCD_CONNECT_TIMEOUT   seconds for connects to pmcd ports (default 5)",
            "  PMCD_PORT              pmcd ports, comma-separated (default 44321,4321)",
            "  JAVA_HOME              the Java runtime bin/pmsocks starts (else java on PATH)",
        })
public final class PmsocksCommand implements Callable<Integer> {

    /** Printed, exactly so, when there is nothing to do (SPEC §5). */
    public static final String USAGE_LINE = "Usage: pmsocks [path]program [args ...]";

    @Option(names = "--config", paramLabel = "FILE",
            description = "The configuration file. Default: $PMSOCKS_CONFIG, else"
                    + " /etc/pcp_socks.conf.")
    private String configFile;

    @Option(names = "--check",
            description = "Check the configuration file: print its errors and warnings on"
                    + " stderr and, when it has no error, its rules as understood on stdout, one"
                    + " per line as FILE:LINE: RULE.")
    private boolean check;

    @Option(names = "--explain", paramLabel = "HOST[:PORT]", converter = TargetConverter.class,
            description = "Print the decision for a connect to HOST:PORT (PORT default 44321;"
                    + " IPv6 as [::1]:80) on one line: HOST:PORT direct|deny|sockd"
                    + " SERVER:PORT (line N), or deny (no rule), or direct (loopback). A host"
                    + " name is resolved with the local resolver first, as for the program.")
    private ExplainTarget explain;

    @Option(names = "--user", paramLabel = "NAME",
            description = "With --explain: decide for user NAME (for *= lists). Default: the"
                    + " effective user.")
    private String user;

    @Parameters(paramLabel = "program", arity = "0..*",
            description = "The program to run (looked up on PATH unless its name has a /),"
                    + " then its arguments, passed on as they are.")
    private List<String> program = List.of();

    @Spec
    private CommandSpec spec;

    private final LaunchEnvironment environment;

    public PmsocksCommand(LaunchEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * The command line {@code main} executes. Options stop at the first positional argument
     * (the program), and command-line mistakes exit with {@link ExitStatus#USAGE}, not
     * picocli's default 2, which is the configuration's status here.
     */
    public static CommandLine commandLine(LaunchEnvironment environment) {
        CommandLine commandLine = new CommandLine(new PmsocksCommand(environment));
        commandLine.setStopAtPositional(true);
        commandLine.setParameterExceptionHandler((error, args) -> {
            usageError(error.getCommandLine().getErr(), error.getMessage());
            return error.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (user != null && explain == null) {
            return usageError(err, "--user applies to --explain only");
        }
        if (check || explain != null) {
            if (!program.isEmpty()) {
                return usageError(err, "--check and --explain do not run a program: leave out '"
                        + program.get(0) + "' or the option");
            }
            return checkOrExplain(spec.commandLine().getOut(), err);
        }
        if (program.isEmpty()) {
            err.println(USAGE_LINE);
            return ExitStatus.USAGE;
        }
        // Not yet: the next version validates here and hands the program to bin/pmsocks to exec.
        err.println("pmsocks: running a program is not yet supported by this version;"
                + " use --check or --explain");
        return ExitStatus.USAGE;
    }

    private int checkOrExplain(PrintWriter out, PrintWriter err) {
        Settings settings;
        try {
            settings = Settings.from(environment.variables(), Map.of());
        } catch (ConfigException e) {
            print(err, e.diagnostics());
            return ExitStatus.CONFIG;
        }
        Logger log = startLogging(settings.debug());

        ConfigLocation location = ConfigLocation.choose(configFile, environment.variables());
        log.debug("configuration {} (from {})", location.path(), location.origin());
        ConfigLoader loader = new ConfigLoader(
                new ConfigParser(environment.resolver(), ServiceNames.system()));
        RuleSet rules;
        try {
            rules = loader.load(location, settings.defaultServer(), environment.shippedConfig());
        } catch (ConfigException e) {
            print(err, e.diagnostics());
            return ExitStatus.CONFIG;
        }
        print(err, rules.warnings());
        log.debug("{} rules loaded from {}", rules.rules().size(), rules.source());

        if (check) {
            for (Rule rule : rules.rules()) {
                out.println(rule.source() + ":" + rule.line() + ": " + rule);
            }
        }
        if (explain != null) {
            String who = user != null ? user : environment.effectiveUser();
            Destination destination = explain.destination(environment.resolver());
            if (!destination.isResolved()) {
                err.println("pmsocks: " + explain.host() + " does not resolve here: only .domain"
                        + " rules and rules with mask 0.0.0.0 can match it");
            }
            log.debug("{} is {}, user {}", explain.display(), destination, who);
            Decision decision = rules.decide(destination, who);
            out.println(explain.display() + " " + decision.explain());
        }
        return ExitStatus.OK;
    }

    private static void print(PrintWriter err, List<Diagnostic> diagnostics) {
        diagnostics.forEach(err::println);
    }

    private static int usageError(PrintWriter err, String message) {
        err.println("pmsocks: " + message + " (see 'pmsocks --help')");
        return ExitStatus.USAGE;
    }

    /**
     * slf4j-simple reads its settings when the first logger is made: SOCKS_DEBUG must be known
     * by then, which is why the logger is made here and not in a static field.
     */
    private static Logger startLogging(Settings.Debug debug) {
        if (debug.enabled()) {
            System.setProperty(SimpleLogger.DEFAULT_LOG_LEVEL_KEY, "debug");
            if (debug.file() != null) {
                System.setProperty(SimpleLogger.LOG_FILE_KEY, debug.file().toString());
            }
        }
        return LoggerFactory.getLogger(PmsocksCommand.class);
    }

    /** Picocli's hook for {@code --explain}'s value; its message ends up after "pmsocks: ". */
    static final class TargetConverter implements CommandLine.ITypeConverter<ExplainTarget> {
        @Override
        public ExplainTarget convert(String value) {
            try {
                return ExplainTarget.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code pmsocks VERSION} and the Java runtime it runs on (which the agent will share). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    throw new IOException("version.properties is missing from the launcher jar");
                }
                properties.load(in);
            }
            return new String[] {
                "pmsocks " + properties.getProperty("version"),
                "Java ${java.version} (${java.vm.name}, ${java.home})",
            };
        }
    }
}
