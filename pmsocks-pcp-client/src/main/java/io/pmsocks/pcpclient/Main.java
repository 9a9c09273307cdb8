package io.pmsocks.pcpclient;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar pmsocks-pcp-client.jar [-p PORT] [-t TIMEOUT_SECONDS] HOST METRIC...}:
 * prints the current values of the metrics, one line per instance, in the form
 * {@link MetricReading#lines()} describes.
 */
public final class Main {

    /** Every metric printed. */
    public static final int EXIT_OK = 0;
    /** At least one metric could not be printed (unknown name, no values); the others were. */
    public static final int EXIT_METRIC_FAILED = 1;
    /** The command line is wrong. */
    public static final int EXIT_USAGE = 2;
    /** pmcd could not be reached, refused the client, or broke the protocol. */
    public static final int EXIT_NO_PMCD = 3;

    private static final String PREFIX = "pmsocks-pcp-client: ";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.getenv(), System.out, System.err));
    }

    /** The whole command: what {@link #main} does, with its streams and environment given. */
    public static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        if (args.contains("--help")) {
            out.println(ClientOptions.USAGE);
            out.println("Prints NAME VALUE, or NAME [INST or \"INSTNAME\"] VALUE per instance, as pminfo -f prints them.");
            out.println("Exit status: 0 all printed, 1 some metric failed, 2 usage, 3 pmcd unreachable or not speaking PCP.");
            return EXIT_OK;
        }
        ClientOptions options;
        try {
            options = ClientOptions.parse(args, environment);
        } catch (ClientOptions.UsageException e) {
            err.println(PREFIX + e.getMessage());
            err.println(ClientOptions.USAGE);
            return EXIT_USAGE;
        }
        String pmcd = options.host() + ":" + options.port();
        PmcdClient client;
        try {
            client = PmcdClient.connect(options.host(), options.port(), options.connectTimeout());
        } catch (IOException e) {
            err.println(PREFIX + "cannot connect to pmcd at " + pmcd + ": " + describe(e));
            return EXIT_NO_PMCD;
        }
        try (client) {
            int status = EXIT_OK;
            for (String metric : options.metrics()) {
                try {
                    MetricReading reading = client.read(metric);
                    if (reading.values().isEmpty()) {
                        err.println(PREFIX + metric + ": No value(s) available");
                        status = EXIT_METRIC_FAILED;
                    }
                    reading.lines().forEach(out::println);
                } catch (PcpException e) {
                    err.println(PREFIX + metric + ": " + e.getMessage());
                    status = EXIT_METRIC_FAILED;
                }
            }
            out.flush();
            return status;
        } catch (IOException e) {
            out.flush();
            err.println(PREFIX + "pmcd at " + pmcd + ": " + describe(e));
            return EXIT_NO_PMCD;
        }
    }

    /**
     * The exception's own message, unchanged: pmsocks puts who failed and why into it. The
     * JDK's class name goes first for exceptions whose message alone is cryptic (an
     * UnknownHostException's message is just the name).
     */
    private static String describe(IOException e) {
        if (e instanceof PcpException || e instanceof PcpProtocolException) {
            return e.getMessage();
        }
        return e.getClass().getName() + ": " + e.getMessage();
    }
}
