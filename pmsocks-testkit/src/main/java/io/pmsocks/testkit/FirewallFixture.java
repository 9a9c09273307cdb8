package io.pmsocks.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The firewall that most integration tests run in, built once per test class: a {@link Topology}, a real
 * {@link Dante} on the firewall's inside leg ({@value #SOCKD}) that blocks {@value #BLOCKED_ADDRESS} (reply 91) and
 * passes everything else, an echo server outside ({@link #echo()}, greeting with the peer it saw) and one on the
 * firewall's inside leg ({@link #insideEcho()}, reached directly from inside), and {@value #CLOSED_PORT} on the
 * firewall's inside address, where nothing listens (refused at once).
 *
 * <p>As a JUnit 5 extension, which builds it before the class's own {@code @BeforeAll} methods and closes it after
 * its {@code @AfterAll} methods:
 *
 * <pre>{@code
 * class MyIT {
 *     @RegisterExtension
 *     static final FirewallFixture firewall = FirewallFixture.standard();
 *
 *     @Test
 *     void throughDante() {
 *         Path config = firewall.config("sockd @=" + FirewallFixture.SOCKD + " ALL");
 *         CommandResult result = firewall.runInside(firewall.agentJvm(MyProbe.class, config, Map.of())
 *                 .withArguments(Topology.OUTSIDE_ADDRESS, Integer.toString(firewall.echo().port())));
 *         ...
 *         firewall.dante().awaitConnectsLoggedTo(Topology.OUTSIDE_ADDRESS, firewall.echo().port(), 1,
 *                 FirewallFixture.LOG_WAIT);
 *     }
 * }
 * }</pre>
 *
 * Without the extension: {@code fixture = FirewallFixture.standard().start()} in {@code @BeforeAll} and
 * {@code fixture.close()} in {@code @AfterAll}. {@link #builder()} changes what is started: Dante's configuration
 * (e.g. {@code .dante(DanteConfig::withSocks4UserIdsLogged)}), without the echo servers, with a web server outside,
 * names that only the firewall resolves ({@code .firewallHosts(Map.of("web.outside.test", OUTSIDE_ADDRESS))}).
 *
 * <p>{@link #start()} first checks the requirements ({@link Requirements#assumeDante()}): without root or Dante the
 * class is skipped, or fails with {@value Requirements#REQUIRE_VARIABLE}{@code =true}. Everything it starts runs
 * in the topology's namespaces and ends with {@link #close()}, as does anything a test starts there itself.
 * The agent jar that {@link #agentJvm} puts on a child's command line is the system property
 * {@value #AGENT_JAR_PROPERTY}, which the modules' Failsafe configurations set to the packaged jar.
 */
public final class FirewallFixture implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    public static final int SOCKD_PORT = DanteConfig.DEFAULT_PORT;
    /** Where the inside reaches the firewall's Dante, as written in {@code @=} lists. */
    public static final String SOCKD = Topology.FIREWALL_INSIDE_ADDRESS + ":" + SOCKD_PORT;
    /** An outside address that Dante refuses with SOCKS4 reply 91 (a {@code socks block} rule). */
    public static final String BLOCKED_ADDRESS = "10.231.2.3";
    /** A port on {@link Topology#FIREWALL_INSIDE_ADDRESS} where nothing listens: a connect is refused at once. */
    public static final int CLOSED_PORT = 1090;
    /** How long a child JVM run by {@link #runInside(ChildJvm)} may take. */
    public static final Duration RUN = Duration.ofSeconds(60);
    /** How long to wait for a line in Dante's log, which another process writes after the client saw the reply. */
    public static final Duration LOG_WAIT = Duration.ofSeconds(10);
    /** The system property naming the packaged agent jar. */
    public static final String AGENT_JAR_PROPERTY = "pmsocks.agent.jar";

    private final UnaryOperator<DanteConfig> danteConfig;
    private final boolean echoServers;
    private final boolean webServer;
    private final Map<String, String> firewallHosts;
    private final AtomicInteger configSequence = new AtomicInteger();

    private Topology topology;
    private Dante dante;
    private TestServer echo;
    private TestServer insideEcho;
    private TestServer web;

    private FirewallFixture(Builder builder) {
        this.danteConfig = builder.danteConfig;
        this.echoServers = builder.echoServers;
        this.webServer = builder.webServer;
        this.firewallHosts = Map.copyOf(builder.firewallHosts);
    }

    /** Dante blocking {@value #BLOCKED_ADDRESS}, both echo servers, no web server. */
    public static FirewallFixture standard() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What {@link FirewallFixture#start()} starts besides the topology. */
    public static final class Builder {
        private UnaryOperator<DanteConfig> danteConfig = UnaryOperator.identity();
        private boolean echoServers = true;
        private boolean webServer;
        private Map<String, String> firewallHosts = Map.of();

        private Builder() {
        }

        /**
         * Gives the firewall namespace a hosts file of its own holding these names (see
         * {@link Namespace#writeHosts}), written before Dante starts: names that only the firewall side resolves.
         */
        public Builder firewallHosts(Map<String, String> namesToAddresses) {
            this.firewallHosts = Map.copyOf(namesToAddresses);
            return this;
        }

        /** Changes Dante's configuration, which starts as {@code DanteConfig.firewall(1080).blocking(BLOCKED)}. */
        public Builder dante(UnaryOperator<DanteConfig> change) {
            this.danteConfig = Objects.requireNonNull(change, "change");
            return this;
        }

        /** Starts no echo server (each is a JVM: a class that needs none saves its start-up). */
        public Builder withoutEchoServers() {
            this.echoServers = false;
            return this;
        }

        /** Also starts a {@link WebServer} outside, on a free port: {@link FirewallFixture#web()}. */
        public Builder withWebServer() {
            this.webServer = true;
            return this;
        }

        public FirewallFixture build() {
            return new FirewallFixture(this);
        }
    }

    /**
     * Checks the requirements, then builds the topology and starts the servers; on any failure closes what it
     * started. Returns this fixture.
     */
    public synchronized FirewallFixture start() {
        if (topology != null) {
            throw new IllegalStateException("this firewall fixture is started already");
        }
        Requirements.assumeDante();
        topology = Topology.create();
        try {
            topology.addOutsideAddress(BLOCKED_ADDRESS);
            if (!firewallHosts.isEmpty()) {
                topology.firewall().writeHosts(firewallHosts);
            }
            dante = Dante.start(topology.firewall(), danteConfig());
            if (echoServers) {
                echo = TestServer.echoWithGreeting(topology.outside(), Topology.OUTSIDE_ADDRESS, 0);
                insideEcho = TestServer.echoWithGreeting(topology.firewall(), Topology.FIREWALL_INSIDE_ADDRESS, 0);
            }
            if (webServer) {
                web = TestServer.web(topology.outside(), Topology.OUTSIDE_ADDRESS, 0);
            }
        } catch (RuntimeException | Error e) {
            try {
                close();
            } catch (RuntimeException cleanupFailure) {
                e.addSuppressed(cleanupFailure);
            }
            throw e;
        }
        return this;
    }

    /** The configuration the fixture's Dante was started with. */
    public DanteConfig danteConfig() {
        return danteConfig.apply(DanteConfig.firewall(SOCKD_PORT).blocking(BLOCKED_ADDRESS));
    }

    /** Stops the fixture's Dante (its port then refuses connects) until {@link #startDante()}. */
    public synchronized void stopDante() {
        requireStarted();
        dante.stop();
    }

    /** Kills the fixture's Dante with SIGKILL, children included (see {@link Dante#kill()}), until {@link #startDante()}. */
    public synchronized void killDante() {
        requireStarted();
        dante.kill();
    }

    /** Starts the fixture's Dante again, with the same configuration and a new log; returns it. */
    public synchronized Dante startDante() {
        requireStarted();
        if (dante.processes().stream().anyMatch(ProcessHandle::isAlive)) {
            throw new IllegalStateException("the fixture's Dante is still running: " + dante);
        }
        dante = Dante.start(topology.firewall(), dante.config());
        return dante;
    }

    public synchronized Topology topology() {
        requireStarted();
        return topology;
    }

    /** The Dante now running (a new one after {@link #startDante()}). */
    public synchronized Dante dante() {
        requireStarted();
        return dante;
    }

    /** The echo server outside, on {@link Topology#OUTSIDE_ADDRESS}; it greets with {@code peer ADDRESS:PORT}. */
    public synchronized TestServer echo() {
        requireStarted();
        return require(echo, "echo servers");
    }

    /** The echo server on the firewall's inside address, which the inside reaches directly. */
    public synchronized TestServer insideEcho() {
        requireStarted();
        return require(insideEcho, "echo servers");
    }

    /** The web server outside, when the builder asked for one. */
    public synchronized TestServer web() {
        requireStarted();
        return require(web, "a web server");
    }

    public Namespace inside() {
        return topology().inside();
    }

    public Namespace firewall() {
        return topology().firewall();
    }

    public Namespace outside() {
        return topology().outside();
    }

    /**
     * Writes a configuration file holding {@code lines} into the topology's folder, under a new name each time, and
     * returns its absolute path (which the agent's messages quote).
     */
    public Path config(String... lines) {
        Path file = topology().directory().resolve("pcp_socks-" + configSequence.incrementAndGet() + ".conf");
        try {
            return Files.write(file, List.of(lines));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The packaged agent jar, from the system property {@value #AGENT_JAR_PROPERTY}. */
    public static Path agentJar() {
        String jar = System.getProperty(AGENT_JAR_PROPERTY);
        if (jar == null || jar.isEmpty()) {
            throw new IllegalStateException("the system property " + AGENT_JAR_PROPERTY + " is not set: the"
                    + " module's Failsafe configuration must name the packaged agent jar");
        }
        Path path = Path.of(jar);
        if (!Files.isReadable(path)) {
            throw new IllegalStateException(path + " (" + AGENT_JAR_PROPERTY + ") is missing: build with mvn"
                    + " verify, which packages it before the integration tests");
        }
        return path;
    }

    /**
     * {@code jvm} with the packaged agent reading {@code config} ({@code -javaagent:JAR=config=FILE}) and the
     * environment variables added.
     */
    public static ChildJvm withAgent(ChildJvm jvm, Path config, Map<String, String> environment) {
        ChildJvm configured = jvm.withAgent(agentJar(), "config=" + config);
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            configured = configured.withEnvironment(variable.getKey(), variable.getValue());
        }
        return configured;
    }

    /** A child JVM running {@code main} (from its own class path entry) with the agent; see {@link #withAgent}. */
    public ChildJvm agentJvm(Class<?> main, Path config, Map<String, String> environment) {
        return withAgent(ChildJvm.forMainClass(main), config, environment);
    }

    /** Runs {@code jvm} to completion in the inside namespace, for at most {@link #RUN}. */
    public CommandResult runInside(ChildJvm jvm) {
        return jvm.runIn(inside(), RUN);
    }

    /** Starts {@code jvm} in the inside namespace; the topology ends it on close. */
    public ChildProcess startInside(ChildJvm jvm) {
        return jvm.startIn(inside());
    }

    /** Ends everything started in the namespaces (the fixture's servers and the tests' own) and removes them. */
    @Override
    public synchronized void close() {
        if (topology != null) {
            try {
                topology.close();
            } finally {
                topology = null;
                dante = null;
                echo = null;
                insideEcho = null;
                web = null;
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public synchronized String toString() {
        return "FirewallFixture[" + (topology == null ? "not started" : topology + ", " + dante) + "]";
    }

    private void requireStarted() {
        if (topology == null) {
            throw new IllegalStateException("the firewall fixture is not started (register it with"
                    + " @RegisterExtension on a static field, or call start() in @BeforeAll)");
        }
    }

    private static TestServer require(TestServer server, String what) {
        if (server == null) {
            throw new IllegalStateException("this firewall fixture was built without " + what);
        }
        return server;
    }
}
