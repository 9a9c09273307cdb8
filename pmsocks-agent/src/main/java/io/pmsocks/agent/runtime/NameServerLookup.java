package io.pmsocks.agent.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * SOCKS_NS: asks one name server directly (the JDK's JNDI DNS provider) for a sockd's address.
 * A class of its own so that JNDI is loaded only when SOCKS_NS is set.
 */
final class NameServerLookup {

    private static final String[] TYPES = {"A", "AAAA"};

    private NameServerLookup() {
    }

    static InetAddress resolve(String nameServer, String host) throws UnknownHostException {
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        environment.put(Context.PROVIDER_URL, "dns://" + nameServer);
        try {
            DirContext context = new InitialDirContext(environment);
            try {
                Attributes attributes = context.getAttributes(host, TYPES);
                for (String type : TYPES) {
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
}
