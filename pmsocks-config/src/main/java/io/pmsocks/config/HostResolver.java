package io.pmsocks.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Name resolution the configuration needs at load time: host names in rules and
 * {@code LOCALHOSTNAME}. An interface so that tests decide what names resolve to.
 */
public interface HostResolver {

    /** Every address the name resolves to, with the local resolver. */
    List<InetAddress> resolve(String name) throws UnknownHostException;

    /** This host's name, as gethostname(2) gives it. */
    String localHostName() throws UnknownHostException;

    /**
     * Looks nothing up: every name "does not resolve". For checking a file's syntax without
     * the cost of name resolution; host-name rules then only produce warnings.
     */
    static HostResolver none() {
        return new HostResolver() {
            @Override
            public List<InetAddress> resolve(String name) throws UnknownHostException {
                throw new UnknownHostException(name + ": not looked up");
            }

            @Override
            public String localHostName() throws UnknownHostException {
                throw new UnknownHostException("not looked up");
            }
        };
    }

    /** The JVM's own resolver (which follows /etc/nsswitch.conf) and host name. */
    static HostResolver system() {
        return new HostResolver() {
            @Override
            public List<InetAddress> resolve(String name) throws UnknownHostException {
                return List.of(InetAddress.getAllByName(name));
            }

            @Override
            public String localHostName() throws UnknownHostException {
                return InetAddress.getLocalHost().getHostName();
            }
        };
    }
}
