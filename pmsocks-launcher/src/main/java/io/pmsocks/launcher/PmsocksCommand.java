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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pmsocks [options] [path]program [args ...]} (SPEC §5): checks the configuration, then
 * hands the program over to {@code bin/pmsocks} to {@code exec} with the Java agent
 * ({@link Handoff}); also explains what the configuration decides for one destination, probes
 * one connect, and attaches the agent to a running JVM.
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
            "       pmsocks [--config FILE] --probe HOST[:PORT]",
            "       pmsocks [--config FILE] --attach PID",
        },
        description = {
            "",
            "Runs a program so that each TCP connect its Java code makes is made directly,"
                    + " through a proxy (SOCKS4, SOCKS5 with or without a password, or HTTP"
                    + " CONNECT), or refused, as the first matching rule of the configuration"
                    + " file decides. Options end at the program name: everything"
                    + " after it belongs to the program.",
            "",
            "The configuration is checked first; with an error nothing is started. A java"
                    + " program (by name, by path, or $JAVA_HOME/bin/java) gets"
                    + " -javaagent:LIB/pmsocks-agent.jar=config=FILE before its own arguments;"
                    + " any other program gets that appended to JAVA_TOOL_OPTIONS, so that"
                    + " scripts which start java, and other JVM launchers (jshell, jpackage'd"
                    + " applications), are covered; a pmsocks agent already in JAVA_TOOL_OPTIONS"
                    + " is taken out, so that the file just checked decides. A program whose Java"
                    + " runtime is older than 17 or lacks the java.instrument module is refused."
                    + " A native program that starts no JVM runs after a notice that its own"
                    + " connections are not routed. The program then replaces pmsocks: its"
                    + " arguments, standard streams, signals and exit status are its own.",
        },
        // Headings without colons: the manual page takes them as its section names.
        parameterListHeading = "%nParameters%n",
        optionListHeading = "%nOptions%n",
        exitCodeOnInvalidInput = ExitStatus.USAGE,
        exitCodeListHeading = "%nExit status%n",
        exitCodeList = {
            ExitStatus.OK + ":success (--check found no error, --explain answered, --probe"
                    + " connected, --attach loaded the agent)",
            "N:the program's own status; 128+N when a signal N ended it",
            ExitStatus.USAGE + ":wrong command line, or no program given",
            ExitStatus.CONFIG + ":the configuration file or an environment variable is"
                    + " missing or invalid",
            ExitStatus.PROBE_FAILED + ":--probe did not connect",
            ExitStatus.ATTACH_FAILED + ":--attach could not load the agent",
            ExitStatus.JAVA_RUNTIME + ":no Java runtime found for pmsocks, or one older than"
                    + " 17 (pmsocks' own or the program's), or the program's runtime lacks"
                    + " java.instrument",
            ExitStatus.INSTALLATION + ":the installation is broken (lib/ incomplete, bin/ and"
                    + " lib/ of different versions, the launcher not started by bin/pmsocks)",
            ExitStatus.INTERNAL + ":an internal error of pmsocks (a bug), said in one line",
            ExitStatus.NOT_EXECUTABLE + ":the program cannot be executed",
            ExitStatus.NOT_FOUND + ":the program was not found",
        },
        footerHeading = "%nEnvironment%n",
        footer = {
            "  PMSOCKS_CONFIG         configuration file, when --config is not given",
            "  SOCKS_SERVER           sockd for sockd rules without @=:",
            "                         [SCHEME://][USER@]HOST[:PORT], SCHEME socks4 (the",
            "                         default), socks5, socks5h or http",
            "  SOCKS_PORT             its port when it has none (default 1080)",
            "  SOCKS5_SERVER          HOST[:PORT] of a SOCKS5 server, when SOCKS_SERVER is",
            "                         unset",
            "  SOCKS4_SERVER          HOST[:PORT] of a SOCKS4 server, when neither is set",
            "  HTTP_CONNECT_PROXY     http://HOST[:PORT] of an HTTP CONNECT proxy, when no",
            "                         SOCKS server variable is set",
            "  SOCKS_USERNAME         user name for socks5 and http servers whose entry has",
            "                         no USER@",
            "  SOCKS_PASSWORD         their password (never an option or an argument;",
            "                         --attach does not pass it)",
            "  PMSOCKS_CREDENTIALS    credentials file, lines HOST[:PORT] USER PASSWORD,",
            "                         owner-only (default ~/.config/pmsocks/credentials)",
            "  SOCKS_NS               name server for resolving sockd host names",
            "  SOCKS_DEBUG            set: [pmsocks] debug lines on stderr (/FILE: to FILE,",
            "                         appended, not through a symbolic link, created 0600)",
            "  SOCKS_BANNER           set: a version line on the first routed connect",
            "  PMCD_CONNECT_TIMEOUT   seconds for connects to pmcd ports (default 5,",
            "                         fractions allowed, 0.001 to 3600)",
            "  PMSOCKS_CONNECT_TIMEOUT",
            "                         seconds that bound a blocking connect through a proxy",
            "                         without a timeout of its own (default 60, 0: none,",
            "                         at most 86400)",
            "  PMCD_PORT              pmcd ports, comma-separated (default 44321,4321)",
            "  JAVA_TOOL_OPTIONS      gets the agent appended for programs other than java;",
            "                         an earlier pmsocks agent in it is taken out",
            "  JAVA_HOME              the Java runtime (17 or newer) bin/pmsocks starts",
            "                         (else java on PATH)",
        })
public final class PmsocksCommand implements Callable<Integer> {

    /** Printed, exactly so, when there is nothing to do (SPEC §5). */
    public static final String USAGE_LINE = "Usage: pmsocks [path]program [args ...]";

    /** The Java agent, in the distribution's {@code lib/}. */
    public static final String AGENT_JAR = "pmsocks-agent.jar";
    /** The launcher's own jar, in the distribution's {@code lib/}: {@link ProbeMain}'s home. */
    public static final String LAUNCHER_JAR = "pmsocks-launcher.jar";

    /** How long {@code --probe} waits for a connect to a port other than pmcd's. */
    static final int PROBE_TIMEOUT_MILLIS = 10_000;

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
                    + " [SCHEME://][USER@]SERVER:PORT[,...] (line N), the scheme left out for"
                    + " socks4, never a password; or deny (no rule), or direct (loopback). A sockd"
                    + " rule with no server (no @=, no SOCKS_SERVER) prints sockd (no server:"
                    + " set SOCKS_SERVER or add @=) (line N), after the file's warning; a"
                    + " program's connect there fails naming the rule. A host name is resolved"
                    + " with the local resolver first, as for the program.")
    private ExplainTarget explain;

    @Option(names = "--user", paramLabel = "NAME",
            description = "With --explain: decide for user NAME (for *= lists). Default: the"
                    + " effective user.")
    private String user;

    @Option(names = "--probe", paramLabel = "HOST[:PORT]", converter = TargetConverter.class,
            description = "Connect to HOST:PORT (PORT default 44321) the way a program's"
                    + " connect is made: a JVM with the Java agent in debug mode connects, its"
                    + " [pmsocks] lines on stderr show each step (the rule, each server by its"
                    + " scheme and user, never a password, the request and reply code), and one"
                    + " line on stdout the outcome. A pmcd port gets PMCD_CONNECT_TIMEOUT, any other 10 s.")
    private ExplainTarget probe;

    @Option(names = "--attach", paramLabel = "PID",
            description = "Load the Java agent into the running JVM with process id PID (same"
                    + " user), with the checked configuration and the SOCKS_* and PMCD_*"
                    + " variables set here, SOCKS_PASSWORD excepted (the others, and the"
                    + " password, come from that process's environment or its credentials"
                    + " file)."
                    + " Its connects from then on are routed. A JVM whose agent already runs with"
                    + " another configuration refuses it (status " + ExitStatus.ATTACH_FAILED
                    + ").")
    private Long attach;

    @Parameters(paramLabel = "program", arity = "0..*",
            description = "The program to run (looked up on PATH unless its name has a /),"
                    + " then its arguments, passed on byte for byte.")
    private List<String> program = List.of();

    @Spec
    private CommandSpec spec;

    private final LaunchEnvironment environment;
    private DebugOutput log = DebugOutput.OFF;

    public PmsocksCommand(LaunchEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * For picocli's documentation tools (ManPageGenerator, AutoComplete), which make the
     * command through a constructor without arguments when they generate the manual page and
     * the completion script at build time.
     */
    private PmsocksCommand() {
        this(LaunchEnvironment.current());
    }

    /** What {@link Main} runs once it knows that the Java runtime is new enough. */
    static int execute(String[] args) {
        return commandLine(LaunchEnvironment.current()).execute(args);
    }

    /**
     * The command line {@code main} executes. Options stop at the first positional argument
     * (the program), {@code @FILE} arguments are not expanded (they belong to the program),
     * and command-line mistakes exit with {@link ExitStatus#USAGE}, not picocli's default 2,
     * which is the configuration's status here. Each failure is one {@code pmsocks:} line: a
     * command-line mistake with a pointer to {@code --help}, and an exception that the command
     * did not expect (a bug) with {@link ExitStatus#INTERNAL}, never a stack trace.
     */
    public static CommandLine commandLine(LaunchEnvironment environment) {
        CommandLine commandLine = new CommandLine(new PmsocksCommand(environment));
        commandLine.setStopAtPositional(true);
        commandLine.setExpandAtFiles(false);
        commandLine.setParameterExceptionHandler((error, args) -> {
            usageError(error.getCommandLine().getErr(), error.getMessage());
            return error.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        });
        commandLine.setExecutionExceptionHandler((error, failed, parseResult) -> {
            failed.getErr().println("pmsocks: internal error, nothing was started: "
                    + oneLine(error.toString()));
            return ExitStatus.INTERNAL;
        });
        return commandLine;
    }

    /** Line breaks and other control characters escaped, so that a message stays one line. */
    static String oneLine(String text) {
        StringBuilder line = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                line.append(c == '\n' ? "\\n" : String.format("\\x%02x", c));
            } else {
                line.appendCodePoint(c);
            }
        });
        return line.toString();
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (user != null && explain == null) {
            return usageError(err, "--user applies to --explain only");
        }
        boolean checkOrExplain = check || explain != null;
        int modes = (checkOrExplain ? 1 : 0) + (probe != null ? 1 : 0) + (attach != null ? 1 : 0);
        if (modes > 1) {
            return usageError(err, "--probe and --attach go alone, without each other, --check"
                    + " or --explain");
        }
        if (modes == 1 && !program.isEmpty()) {
            return usageError(err, "--check, --explain, --probe and --attach do not run a"
                    + " program: leave out '" + program.get(0) + "' or the option");
        }
        if (checkOrExplain) {
            return checkOrExplain(out, err);
        }
        if (probe != null) {
            return probe(err);
        }
        if (attach != null) {
            return attach(out, err);
        }
        if (program.isEmpty()) {
            err.println(USAGE_LINE);
            return ExitStatus.USAGE;
        }
        return run(err);
    }

    /** The configuration the launcher checked, with the settings it was read with. */
    private record Checked(Settings settings, ConfigLocation location, RuleSet rules) {
    }

    /** {@link #checkConfiguration(PrintWriter, boolean)}, printing the warnings. */
    private Checked checkConfiguration(PrintWriter err) {
        return checkConfiguration(err, true);
    }

    /**
     * Reads the settings and the configuration file; prints every error, and the warnings
     * unless the agent is about to print them itself.
     *
     * @param printWarnings {@code false} when a JVM with the agent takes over: the agent prints
     *     the warnings once on stderr, and the launcher printing them too would show them twice
     * @return {@code null} when there is an error (status {@link ExitStatus#CONFIG})
     */
    private Checked checkConfiguration(PrintWriter err, boolean printWarnings) {
        Settings settings;
        try {
            settings = Settings.from(environment.variables(), Map.of());
        } catch (ConfigException e) {
            print(err, e.diagnostics());
            return null;
        }
        log = DebugOutput.open(settings.debug(), err);

        ConfigLocation location;
        try {
            location = ConfigLocation.choose(configFile, environment.variables());
        } catch (ConfigException e) {
            // a path this locale cannot write (LANG=C and a non-ASCII name), located
            print(err, e.diagnostics());
            return null;
        }
        log.debug("configuration " + location.path() + " (from " + location.origin() + ")");
        ConfigLoader loader = new ConfigLoader(
                new ConfigParser(environment.resolver(), ServiceNames.system()));
        RuleSet rules;
        try {
            rules = loader.load(location, settings.defaultServer(), environment.shippedConfig());
        } catch (ConfigException e) {
            print(err, e.diagnostics());
            return null;
        }
        if (printWarnings) {
            print(err, rules.warnings());
        }
        log.debug(rules.rules().size() + " rules loaded from " + rules.source());
        return new Checked(settings, location, rules);
    }

    private int checkOrExplain(PrintWriter out, PrintWriter err) {
        Checked checked = checkConfiguration(err);
        if (checked == null) {
            return ExitStatus.CONFIG;
        }
        RuleSet rules = checked.rules();
        if (check) {
            for (Rule rule : rules.rules()) {
                out.println(rule.source() + ":" + rule.line() + ": " + rule);
            }
        }
        if (explain != null) {
            String who = user != null ? user : environment.effectiveUser();
            UnresolvedName name = UnresolvedName.of(explain, rules, who, environment.resolver());
            Destination destination = name.destination();
            if (name.note() != null) {
                err.println(name.note());
            }
            log.debug(explain.display() + " is " + destination + ", user " + who);
            Decision decision = rules.decide(destination, who);
            out.println(explain.display() + " " + decision.explain());
        }
        return ExitStatus.OK;
    }

    /**
     * Checks the configuration and the program, then writes the plan with which
     * {@code bin/pmsocks} execs the program (see {@link Handoff}).
     */
    private int run(PrintWriter err) {
        Checked checked = checkConfiguration(err, false);
        if (checked == null) {
            return ExitStatus.CONFIG;
        }
        Program found;
        try {
            found = ProgramLookup.find(program.get(0), environment.variables());
        } catch (ProgramNotRunnable e) {
            err.println("pmsocks: " + e.getMessage());
            return e.status();
        }
        AgentArgument agent;
        try {
            agent = agentArgument(checked, List.of());
        } catch (ConfigException e) {
            print(err, e.diagnostics());
            return ExitStatus.CONFIG;
        }
        if (agent == null) {
            return missingInstallation(err);
        }
        if (found.runtime() != null && found.runtime().problem() != null) {
            err.println("pmsocks: " + found.path() + " runs on " + found.runtime().problem());
            return ExitStatus.JAVA_RUNTIME;
        }
        int ownArguments = spec.commandLine().getParseResult().originalArgs().size()
                - program.size();
        // JAVA_TOOL_OPTIONS as the program will get it: its agents load before those of the
        // command line, and the first pmsocks agent to load is the one that acts.
        String toolOptions = environment.variables().get(LaunchEnvironment.PROGRAM_TOOL_OPTIONS);
        String withoutAgents = toolOptions == null ? null
                : JavaToolOptions.withoutPmsocksAgents(toolOptions);
        if (toolOptions != null && !withoutAgents.equals(toolOptions)) {
            log.debug("JAVA_TOOL_OPTIONS held a pmsocks agent already: taken out, so that "
                    + checked.location().path() + " decides");
        }
        Handoff plan;
        switch (found.kind()) {
            case JAVA:
                log.debug(found.path() + " is java: the agent goes on its command line");
                plan = new Handoff.RunJava(ownArguments, agent.commandLine(),
                        Handoff.ToolOptions.of(toolOptions, withoutAgents));
                break;
            case NATIVE:
                err.println("pmsocks: " + found.path() + " is a native program, not java: its own"
                        + " connections are not routed (Java programs it starts get the agent"
                        + " through JAVA_TOOL_OPTIONS)");
                plan = runWithToolOptions(ownArguments, withoutAgents, agent);
                break;
            case JVM_LAUNCHER:
                log.debug(found.path() + " starts a JVM of its own: the agent goes into"
                        + " JAVA_TOOL_OPTIONS");
                plan = runWithToolOptions(ownArguments, withoutAgents, agent);
                break;
            case SCRIPT:
                log.debug(found.path() + " is not java: the agent goes into JAVA_TOOL_OPTIONS");
                plan = runWithToolOptions(ownArguments, withoutAgents, agent);
                break;
            default:
                throw new AssertionError(found.kind());
        }
        return handOff(plan, err);
    }

    private static Handoff runWithToolOptions(int ownArguments, String withoutAgents,
            AgentArgument agent) {
        return new Handoff.RunWithToolOptions(ownArguments, new Handoff.ToolOptions.Set(
                JavaToolOptions.append(withoutAgents, agent.toolOption())));
    }

    /**
     * Hands a JVM with the agent (debug on) and {@link ProbeMain} to {@code bin/pmsocks}, so
     * that the connect is made by the agent's own code, as a program's would be.
     */
    private int probe(PrintWriter err) {
        Checked checked = checkConfiguration(err, false);
        if (checked == null) {
            return ExitStatus.CONFIG;
        }
        AgentArgument agent;
        try {
            agent = agentArgument(checked, List.of(new AgentArgument.Option(
                    Settings.Key.DEBUG.option(), "", "--probe")));
        } catch (ConfigException e) {
            print(err, e.diagnostics());
            return ExitStatus.CONFIG;
        }
        Path launcherJar = environment.library(LAUNCHER_JAR);
        if (agent == null || !Files.isRegularFile(launcherJar)) {
            return missingInstallation(err);
        }
        int timeout = checked.settings().isPmcdPort(probe.port()) ? 0 : PROBE_TIMEOUT_MILLIS;
        return handOff(new Handoff.ExecJava(List.of(
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", agent.commandLine(),
                "-cp", launcherJar.toString(), ProbeMain.class.getName(),
                probe.host(), Integer.toString(probe.port()), Integer.toString(timeout))), err);
    }

    private int attach(PrintWriter out, PrintWriter err) {
        Checked checked = checkConfiguration(err);
        if (checked == null) {
            return ExitStatus.CONFIG;
        }
        AgentArgument agent;
        try {
            agent = agentArgument(checked, attachOptions(environment.variables()));
        } catch (ConfigException e) {
            print(err, e.diagnostics());
            return ExitStatus.CONFIG;
        }
        if (agent == null) {
            return missingInstallation(err);
        }
        log.debug("attaching " + agent.jar() + " to process " + attach + " with options "
                + agent.optionText());
        try {
            new AgentAttacher(Path.of("/proc")).attach(attach, agent.jar(), agent.optionText());
        } catch (AgentAttacher.AttachFailed e) {
            err.println("pmsocks: " + e.getMessage());
            return ExitStatus.ATTACH_FAILED;
        }
        out.println("process " + attach + ": Java agent loaded, rules from "
                + agent.options().get(Settings.Key.CONFIG.option()));
        return ExitStatus.OK;
    }

    /**
     * The SOCKS_* and PMCD_* variables set in the launcher's environment, as agent options:
     * an attached agent reads the target's environment, not the one the user set for
     * {@code pmsocks --attach}.
     */
    static List<AgentArgument.Option> attachOptions(Map<String, String> variables) {
        List<AgentArgument.Option> options = new ArrayList<>();
        for (Settings.Key key : Settings.Key.values()) {
            String value = variables.get(key.variable());
            if (key == Settings.Key.CONFIG || value == null) {
                continue;
            }
            if (key == Settings.Key.PMCD_PORT) {
                value = value.replace(',', ':'); // commas separate the agent's options
            }
            options.add(new AgentArgument.Option(key.option(), value, key.variable()));
        }
        return options;
    }

    /**
     * The agent of this distribution with {@code config=} the checked file, or {@code null}
     * when the launcher does not run from a distribution that has the agent.
     */
    private AgentArgument agentArgument(Checked checked, List<AgentArgument.Option> further)
            throws ConfigException {
        Path jar = environment.library(AGENT_JAR);
        if (jar == null || !Files.isRegularFile(jar)) {
            return null;
        }
        return AgentArgument.of(jar.toAbsolutePath(), checked.location().path(), further);
    }

    private int missingInstallation(PrintWriter err) {
        Path jar = environment.library(AGENT_JAR);
        err.println("pmsocks: " + (jar == null
                ? "the distribution directory is not known (pmsocks.home is not set): run"
                        + " pmsocks with its bin/pmsocks"
                : "the distribution is incomplete: " + jar.getParent() + " lacks "
                        + (Files.isRegularFile(jar) ? LAUNCHER_JAR : AGENT_JAR)
                        + "; unpack it again"));
        return ExitStatus.INSTALLATION;
    }

    private int handOff(Handoff plan, PrintWriter err) {
        Path target = environment.handoff();
        if (target == null) {
            err.println("pmsocks: this launcher runs programs only when started by bin/pmsocks,"
                    + " which execs them");
            return ExitStatus.INSTALLATION;
        }
        try {
            plan.writeTo(target);
        } catch (IOException e) {
            err.println("pmsocks: cannot hand the program over to bin/pmsocks (" + target + ": "
                    + e.getMessage() + ")");
            return ExitStatus.INSTALLATION;
        }
        log.debug("handed over: " + plan.text().lines().findFirst().orElse(""));
        return ExitStatus.OK;
    }

    private static void print(PrintWriter err, List<Diagnostic> diagnostics) {
        diagnostics.forEach(err::println);
    }

    private static int usageError(PrintWriter err, String message) {
        err.println("pmsocks: " + oneLine(message) + " (see 'pmsocks --help')");
        return ExitStatus.USAGE;
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
