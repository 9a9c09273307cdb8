package io.pmsocks.agent.runtime;

import io.pmsocks.config.SocksServer;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * Resolves sockd names when they are used, never at load (SPEC §2): with the local resolver,
 * or, when SOCKS_NS names a name server, by asking that server directly.
 */
final class ServerResolver {

    private final String nameServer;

    /** @param nameServer SOCKS_NS, or {@code null} for the local resolver */
    ServerResolver(String nameServer) {
        this.nameServer = nameServer;
    }

    /** @throws ConnectException naming the server when its name does not resolve */
    InetSocketAddress resolve(SocksServer server) throws ConnectException {
        try (AgentWork.Scope ignored = AgentWork.enter()) {
            InetAddress address = nameServer == null || isLiteral(server.host())
                    ? InetAddress.getByName(server.host())
                    : lookUpWithNameServer(server.host());
            return new InetSocketAddress(address, server.port());
        } catch (UnknownHostException e) {
            throw new ConnectException("sockd " + server + ": cannot resolve host name '"
                    + server.host() + "'" + (nameServer == null ? "" : " with SOCKS_NS "
                    + nameServer));
        }
    }

    private InetAddress lookUpWithNameServer(String host) throws UnknownHostException {
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        environment.put(Context.PROVIDER_URL, "dns://" + nameServer);
        try {
            DirContext context = new InitialDirContext(environment);
            try {
                Attributes attributes = context.getAttributes(host, new String[] {"A", "AAAA"});
                for (String type : new String[] {"A", "AAAA"}) {
                    Attribute records = attributes.get(type);
                    if (records != null && records.size() > 0) {
                        String literal = String.valueOf(records.get(0));
                        return InetAddress.getByAddress(host,
                                InetAddress.getByName(literal).getAddress());
                    }
                }
            } finally {
                context.close();
            }
        } catch (NamingException e) {
            UnknownHostException failure = new UnknownHostException(host);
            failure.initCause(e);
            throw failure;
        }
        throw new UnknownHostException(host);
    }

    private static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }
}
