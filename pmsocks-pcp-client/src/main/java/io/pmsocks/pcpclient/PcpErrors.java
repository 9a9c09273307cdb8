package io.pmsocks.pcpclient;

import java.util.Map;

/**
 * PCP error codes and the text {@code pmErrStr(3)} gives for them, so that this client reports
 * a failure in the words pminfo uses ({@code Unknown metric name}). Codes and texts are those
 * of {@code pmapi.h} and {@code libpcp/src/err.c} (PCP 6.0); negative values above the PCP range
 * are negated Linux errno values, as libpcp passes them on.
 */
public final class PcpErrors {

    /** Base of the PCP 2.0 error codes: every PCP error is {@code -PM_ERR_BASE - n}. */
    static final int PM_ERR_BASE = 12345;
    /** Base of the PCP 1.x codes that pmcd still sends in its connection greeting. */
    static final int PM_ERR_BASE_V1 = 1000;

    public static final int PM_ERR_TIMEOUT = -PM_ERR_BASE - 8;
    public static final int PM_ERR_NAME = -PM_ERR_BASE - 12;
    public static final int PM_ERR_IPC = -PM_ERR_BASE - 21;
    public static final int PM_ERR_EOF = -PM_ERR_BASE - 23;
    public static final int PM_ERR_NOPROFILE = -PM_ERR_BASE - 36;
    public static final int PM_ERR_NOAGENT = -PM_ERR_BASE - 41;
    public static final int PM_ERR_PERMISSION = -PM_ERR_BASE - 42;
    public static final int PM_ERR_CONNLIMIT = -PM_ERR_BASE - 43;
    public static final int PM_ERR_NEEDCLIENTCERT = -PM_ERR_BASE - 63;

    private record Entry(String symbol, String text) {
    }

    private static final Map<Integer, Entry> PCP = Map.ofEntries(
            pcp(0, "PM_ERR_GENERIC", "Generic error, already reported above"),
            pcp(1, "PM_ERR_PMNS", "Problems parsing PMNS definitions"),
            pcp(2, "PM_ERR_NOPMNS", "PMNS not accessible"),
            pcp(3, "PM_ERR_DUPPMNS", "Attempt to reload the PMNS"),
            pcp(4, "PM_ERR_TEXT", "One-line or help text is not available"),
            pcp(5, "PM_ERR_APPVERSION", "Metric not supported by this version of monitored application"),
            pcp(6, "PM_ERR_VALUE", "Missing metric value(s)"),
            pcp(8, "PM_ERR_TIMEOUT", "Timeout waiting for a response from PMCD"),
            pcp(9, "PM_ERR_NODATA", "Empty archive log file"),
            pcp(10, "PM_ERR_RESET", "PMCD reset or configuration change"),
            pcp(12, "PM_ERR_NAME", "Unknown metric name"),
            pcp(13, "PM_ERR_PMID", "Unknown or illegal metric identifier"),
            pcp(14, "PM_ERR_INDOM", "Unknown or illegal instance domain identifier"),
            pcp(15, "PM_ERR_INST", "Unknown or illegal instance identifier"),
            pcp(16, "PM_ERR_UNIT", "Illegal pmUnits specification"),
            pcp(17, "PM_ERR_CONV", "Impossible value or scale conversion"),
            pcp(18, "PM_ERR_TRUNC", "Truncation in value conversion"),
            pcp(19, "PM_ERR_SIGN", "Negative value in conversion to unsigned"),
            pcp(20, "PM_ERR_PROFILE", "Explicit instance identifier(s) required"),
            pcp(21, "PM_ERR_IPC", "IPC protocol failure"),
            pcp(23, "PM_ERR_EOF", "IPC channel closed"),
            pcp(24, "PM_ERR_NOTHOST", "Operation requires context with host source of metrics"),
            pcp(25, "PM_ERR_EOL", "End of PCP archive log"),
            pcp(26, "PM_ERR_MODE", "Illegal mode specification"),
            pcp(27, "PM_ERR_LABEL", "Illegal label record at start of a PCP archive log file"),
            pcp(28, "PM_ERR_LOGREC", "Corrupted record in a PCP archive log"),
            pcp(29, "PM_ERR_NOTARCHIVE", "Operation requires context with archive source of metrics"),
            pcp(30, "PM_ERR_LOGFILE", "Missing PCP archive log file"),
            pcp(31, "PM_ERR_NOCONTEXT", "Attempt to use an illegal context"),
            pcp(32, "PM_ERR_PROFILESPEC", "NULL pmInDom with non-NULL instlist"),
            pcp(33, "PM_ERR_PMID_LOG", "Metric not defined in the PCP archive log"),
            pcp(34, "PM_ERR_INDOM_LOG", "Instance domain identifier not defined in the PCP archive log"),
            pcp(35, "PM_ERR_INST_LOG", "Instance identifier not defined in the PCP archive log"),
            pcp(36, "PM_ERR_NOPROFILE", "Missing profile - protocol botch"),
            pcp(41, "PM_ERR_NOAGENT", "No PMCD agent for domain of request"),
            pcp(42, "PM_ERR_PERMISSION", "No permission to perform requested operation"),
            pcp(43, "PM_ERR_CONNLIMIT", "PMCD connection limit for this host exceeded"),
            pcp(44, "PM_ERR_AGAIN", "Try again. Information not currently available"),
            pcp(45, "PM_ERR_ISCONN", "Already Connected"),
            pcp(46, "PM_ERR_NOTCONN", "Not Connected"),
            pcp(47, "PM_ERR_NEEDPORT", "A non-null port name is required"),
            pcp(49, "PM_ERR_NONLEAF", "Metric name is not a leaf in PMNS"),
            pcp(52, "PM_ERR_TYPE", "Unknown or illegal metric type"),
            pcp(53, "PM_ERR_THREAD", "Operation not supported for multi-threaded applications"),
            pcp(54, "PM_ERR_NOCONTAINER", "Container not found"),
            pcp(55, "PM_ERR_BADSTORE", "Bad input to pmstore"),
            pcp(56, "PM_ERR_LOGOVERLAP", "Archives overlap in time"),
            pcp(57, "PM_ERR_LOGHOST", "Archives differ by host"),
            pcp(59, "PM_ERR_LOGCHANGETYPE", "The type of a metric has changed in an archive"),
            pcp(60, "PM_ERR_LOGCHANGESEM", "The semantics of a metric has changed in an archive"),
            pcp(61, "PM_ERR_LOGCHANGEINDOM", "The instance domain of a metric has changed in an archive"),
            pcp(62, "PM_ERR_LOGCHANGEUNITS", "The units of a metric have changed in an archive"),
            pcp(63, "PM_ERR_NEEDCLIENTCERT", "PMCD requires a client certificate"),
            pcp(64, "PM_ERR_BADDERIVE", "Derived metric definition failed"),
            pcp(65, "PM_ERR_NOLABELS", "No support for metric label metadata"),
            pcp(66, "PM_ERR_PMDAFENCED", "PMDA is currently fenced and unable to respond to requests"),
            pcp(67, "PM_ERR_RECTYPE", "Incorrect record type in an archive"),
            pcp(68, "PM_ERR_FEATURE", "Archive feature not supported"),
            pcp(69, "PM_ERR_TLS", "TLS protocol failure"),
            pcp(97, "PM_ERR_BOTCH", "Internal inconsistency detected or assertion failed"),
            pcp(98, "PM_ERR_TOOSMALL", "Insufficient elements in list"),
            pcp(99, "PM_ERR_TOOBIG", "Result size exceeded"),
            pcp(100, "PM_ERR_FAULT", "QA fault injected"),
            pcp(1048, "PM_ERR_PMDAREADY", "PMDA is now responsive to requests"),
            pcp(1049, "PM_ERR_PMDANOTREADY", "PMDA is not yet ready to respond to requests"),
            pcp(8999, "PM_ERR_NYI", "Functionality not yet implemented"));

    /** strerror(3) texts of the Linux errno values pmcd and its agents pass on most often. */
    private static final Map<Integer, String> ERRNO = Map.ofEntries(
            Map.entry(1, "Operation not permitted"),
            Map.entry(2, "No such file or directory"),
            Map.entry(4, "Interrupted system call"),
            Map.entry(5, "Input/output error"),
            Map.entry(11, "Resource temporarily unavailable"),
            Map.entry(12, "Cannot allocate memory"),
            Map.entry(13, "Permission denied"),
            Map.entry(22, "Invalid argument"),
            Map.entry(24, "Too many open files"),
            Map.entry(32, "Broken pipe"),
            Map.entry(38, "Function not implemented"),
            Map.entry(71, "Protocol error"),
            Map.entry(95, "Operation not supported"),
            Map.entry(104, "Connection reset by peer"),
            Map.entry(110, "Connection timed out"),
            Map.entry(111, "Connection refused"),
            Map.entry(113, "No route to host"));

    private PcpErrors() {
    }

    private static Map.Entry<Integer, Entry> pcp(int offset, String symbol, String text) {
        return Map.entry(-PM_ERR_BASE - offset, new Entry(symbol, text));
    }

    /** The text pmErrStr(3) gives for {@code code}: {@code Unknown metric name} for PM_ERR_NAME. */
    public static String message(int code) {
        Entry entry = PCP.get(code);
        if (entry != null) {
            return entry.text();
        }
        if (code < 0 && code > -PM_ERR_BASE) {
            String text = ERRNO.get(-code);
            return text != null ? text : "Unknown error " + -code;
        }
        return "No such PMAPI error code (" + code + ")";
    }

    /** The symbolic name ({@code PM_ERR_NAME}), or the number itself for a code without one. */
    public static String symbol(int code) {
        Entry entry = PCP.get(code);
        if (entry != null) {
            return entry.symbol();
        }
        return code < 0 && code > -PM_ERR_BASE ? "errno " + -code : Integer.toString(code);
    }

    /**
     * pmcd sends the status of its connection greeting as a PCP 1.x code, for the sake of clients
     * older than the 2.0 protocol (p_error.c, XLATE_ERR_1TO2); this maps it back.
     */
    static int fromVersion1(int code) {
        return code <= -PM_ERR_BASE_V1 ? code + PM_ERR_BASE_V1 - PM_ERR_BASE : code;
    }
}
