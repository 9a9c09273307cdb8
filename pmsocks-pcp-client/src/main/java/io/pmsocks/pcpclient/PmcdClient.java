package io.pmsocks.pcpclient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A connection to one pmcd, speaking the PCP client protocol the way libpcp does for a host
 * context: the greeting and CREDS handshake, then name lookup (PMNS_NAMES → PMNS_IDS),
 * descriptors (DESC_REQ → DESC), the instance profile and values (PROFILE, FETCH → RESULT),
 * and instance names (INSTANCE_REQ → INSTANCE).
 *
 * <p>The connection is an ordinary {@link Socket} with no proxy of its own, so that whatever
 * routes the JVM's connects (the pmsocks Java agent) routes this one too.
 */
public final class PmcdClient implements AutoCloseable {

    /** pmcd's registered port (libpcp.h, SERVER_PORT). */
    public static final int DEFAULT_PORT = 44321;
    /** How long libpcp waits for an answer unless PMCD_REQUEST_TIMEOUT says otherwise. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The context number this client's requests name. libpcp numbers a process's contexts
     * from 0 and sends the number as the sender of every request and as ctxid in PROFILE and
     * FETCH; one connection here is one context.
     */
    private static final int CONTEXT = 0;

    private final Socket socket;
    private final PduStream stream;
    private final String host;
    private final String peer;
    private final Duration requestTimeout;
    private final Greeting greeting;
    private final Map<InDom, Map<Integer, String>> instanceNames = new HashMap<>();
    private boolean profileSent;

    private PmcdClient(Socket socket, String host, int port, Duration requestTimeout) throws IOException {
        this.socket = socket;
        this.host = host;
        this.peer = host + ":" + port;
        this.requestTimeout = requestTimeout;
        this.stream = new PduStream(socket.getInputStream(), socket.getOutputStream());
        this.greeting = handshake();
    }

    /**
     * Connects to pmcd and completes the handshake.
     *
     * @param connectTimeout the connect timeout; empty for none of this client's own (a
     *     pmsocks agent then applies PMCD_CONNECT_TIMEOUT), and also the time to wait for each
     *     answer from pmcd (else {@link #DEFAULT_REQUEST_TIMEOUT})
     * @throws IOException the connect's own exception, unchanged; or a {@link PcpException}
     *     when pmcd refuses the client; or a {@link PcpProtocolException} when the peer does not
     *     speak the protocol
     */
    public static PmcdClient connect(String host, int port, Optional<Duration> connectTimeout)
            throws IOException {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Socket socket = new Socket();
        try {
            // requests and answers are single small PDUs: never wait for a full segment
            socket.setTcpNoDelay(true);
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (connectTimeout.isPresent()) {
                socket.connect(address, timeoutMillis(connectTimeout.get()));
            } else {
                socket.connect(address);
            }
            return new PmcdClient(socket, host, port, connectTimeout.orElse(DEFAULT_REQUEST_TIMEOUT));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** What pmcd offered in its greeting. */
    public Greeting greeting() {
        return greeting;
    }

    /**
     * The metric's pmID.
     *
     * @throws PcpException PM_ERR_NAME for a name pmcd does not know, PM_ERR_NONLEAF for a
     *     name that is a subtree of the namespace
     */
    public Pmid lookupName(String name) throws IOException {
        Pdu answer = exchange(NamesPdu.request(CONTEXT, List.of(name)), PduType.PMNS_IDS);
        Pmid pmid = IdsPdu.decode(answer, 1).get(0);
        if (pmid.equals(Pmid.NULL)) {
            throw new PcpException(PcpErrors.PM_ERR_NAME);
        }
        return pmid;
    }

    public MetricDesc describe(Pmid pmid) throws IOException {
        MetricDesc desc = DescPdu.decode(exchange(DescPdu.request(CONTEXT, pmid), PduType.DESC));
        if (!desc.pmid().equals(pmid)) {
            throw new PcpProtocolException("DESC PDU for " + desc.pmid() + " in answer to a request for " + pmid);
        }
        return desc;
    }

    /** The current values of the metrics, one value set per pmID in the order asked. */
    public List<ValueSet> fetch(List<Pmid> pmids) throws IOException {
        if (!profileSent) {
            // pmcd answers a profile only when it rejects it; that ERROR then answers the FETCH
            stream.send(ProfilePdu.includeAll(CONTEXT, CONTEXT));
            profileSent = true;
        }
        Pdu answer = exchange(FetchPdu.request(CONTEXT, CONTEXT, pmids), PduType.RESULT);
        List<ValueSet> sets = ResultPdu.decode(answer).valueSets();
        List<Pmid> answered = sets.stream().map(ValueSet::pmid).toList();
        if (!answered.equals(pmids)) {
            throw new PcpProtocolException("RESULT PDU for " + answered + " in answer to a FETCH of " + pmids);
        }
        return sets;
    }

    /** Instance id to name for every instance pmcd knows in the domain, asked once per domain. */
    public Map<Integer, String> instanceNames(InDom indom) throws IOException {
        Map<Integer, String> names = instanceNames.get(indom);
        if (names == null) {
            names = InstancePdu.decode(exchange(InstancePdu.requestAll(CONTEXT, indom), PduType.INSTANCE));
            instanceNames.put(indom, names);
        }
        return names;
    }

    /**
     * Looks the metric up, describes it, fetches it and names its instances: what pminfo -f does
     * for one leaf name.
     *
     * @throws PcpException when pmcd reports an error for this metric (unknown name, no agent
     *     for its domain, an error in place of its values); the connection stays usable
     */
    public MetricReading read(String name) throws IOException {
        Pmid pmid = lookupName(name);
        MetricDesc desc = describe(pmid);
        ValueSet set = fetch(List.of(pmid)).get(0);
        if (set.isError()) {
            throw new PcpException(set.numval());
        }
        Map<Integer, String> names = Map.of();
        if (!desc.indom().isNull()) {
            try {
                names = instanceNames(desc.indom());
            } catch (PcpException e) {
                // values without instance names are still worth printing; pminfo does the same
                names = Map.of();
            }
        }
        List<MetricReading.InstanceValue> values = new ArrayList<>(set.values().size());
        for (PmValue value : set.values()) {
            values.add(new MetricReading.InstanceValue(value.instance(),
                    Optional.ofNullable(names.get(value.instance())),
                    MetricValue.decode(desc.type(), value)));
        }
        return new MetricReading(name, desc, values);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** pmcd speaks first; libpcp answers its greeting with CREDS (connect.c). */
    private Greeting handshake() throws IOException {
        socket.setSoTimeout(timeoutMillis(requestTimeout));
        Greeting offered = Greeting.decode(receive("its greeting"));
        if (offered.requiresCredentials()) {
            throw new IOException("pmcd at " + peer + " requires authentication (pmcd -S), "
                    + "which this client does not implement");
        }
        if (offered.requiresClientCertificate() && !host.contains("localhost")) {
            // libpcp waives the certificate for "localhost" names (connect.c, is_local_connection)
            throw new PcpException(PcpErrors.PM_ERR_NEEDCLIENTCERT);
        }
        stream.send(CredsPdu.version((int) ProcessHandle.current().pid(), 0));
        return offered;
    }

    /**
     * Sends a request and returns pmcd's answer of the expected type.
     *
     * @throws PcpException when pmcd answers with an ERROR PDU
     */
    private Pdu exchange(Pdu request, int expectedType) throws IOException {
        stream.send(request);
        String awaited = "a " + PduType.name(expectedType) + " PDU";
        while (true) {
            Pdu answer = receive(awaited);
            if (answer.type() == expectedType) {
                return answer;
            }
            if (answer.type() != PduType.ERROR) {
                throw new PcpProtocolException("expected " + awaited + " in answer to "
                        + PduType.name(request.type()) + ", got a " + PduType.name(answer.type()) + " PDU");
            }
            int status = ErrorPdu.status(answer);
            if (status < 0) {
                throw new PcpException(status);
            }
            if (status == 0) {
                throw new PcpProtocolException("ERROR PDU with status 0 in answer to " + PduType.name(request.type()));
            }
            // a positive status is a state-change notice; libpcp skips it and reads on
        }
    }

    private Pdu receive(String awaited) throws IOException {
        try {
            return stream.receive();
        } catch (SocketTimeoutException e) {
            throw new PcpProtocolException(PcpErrors.PM_ERR_TIMEOUT, "no answer from pmcd at " + peer
                    + " within " + seconds(requestTimeout) + " s while waiting for " + awaited);
        }
    }

    private static int timeoutMillis(Duration timeout) {
        long millis = Math.max(1, timeout.toMillis());
        return (int) Math.min(millis, Integer.MAX_VALUE);
    }

    private static String seconds(Duration duration) {
        return CNumberFormat.g(duration.toMillis() / 1000.0, 6);
    }
}
