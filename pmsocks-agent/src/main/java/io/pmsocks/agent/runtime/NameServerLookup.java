package io.pmsocks.agent.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Hashtable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * SOCKS_NS: asks one name server directly (the JDK's JNDI DNS provider) for a sockd's address.
 * A class of its own so that JNDI is loaded only when SOCKS_NS is set, and then only at the
 * first lookup.
 *
 * <p>A JNDI context is not meant for concurrent use, and making one costs more than the query:
 * contexts are kept in a small lock-free pool, each used by one lookup at a time, so that
 * concurrent lookups (virtual threads included) neither share one nor wait for one.
 */
final class NameServerLookup {

    private static final String[] TYPES = {"A", "AAAA"};
    /** More idle contexts than this are closed: lookups are rare, since addresses are cached. */
    static final int POOL_SIZE = 4;

    private final String nameServer;
    private final ConcurrentLinkedQueue<DirContext> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    /** @param nameServer SOCKS_NS: a host, or {@code host:port} */
    NameServerLookup(String nameServer) {
        this.nameServer = nameServer;
    }

    InetAddress lookUp(String host) throws UnknownHostException {
        DirContext context;
        try {
            context = take();
        } catch (NamingException e) {
            throw unknown(host, e);
        }
        boolean reusable = true;
        try {
            return query(context, host);
        } catch (NameNotFoundException e) {
            throw unknown(host, e); // an answer: the context is as good as before
        } catch (NamingException e) {
            reusable = false; // no answer (timeout, server gone): start afresh next time
            throw unknown(host, e);
        } finally {
            if (reusable) {
                give(context);
            } else {
                close(context);
            }
        }
    }

    private static InetAddress query(DirContext context, String host)
            throws NamingException, UnknownHostException {
        Attributes attributes = context.getAttributes(host, TYPES);
        for (String type : TYPES) {
            Attribute records = attributes.get(type);
            if (records != null && records.size() > 0) {
                String literal = String.valueOf(records.get(0));
                InetAddress parsed = ServerResolver.IpLiteral.parse(literal);
                if (parsed == null) {
                    throw new UnknownHostException(host + ": the name server's " + type
                            + " record is not an address: " + literal);
                }
                return InetAddress.getByAddress(host, parsed.getAddress());
            }
        }
        throw new UnknownHostException(host);
    }

    private DirContext take() throws NamingException {
        DirContext context = idle.poll();
        if (context != null) {
            idleCount.decrementAndGet();
            return context;
        }
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        environment.put(Context.PROVIDER_URL, "dns://" + nameServer);
        return new InitialDirContext(environment);
    }

    private void give(DirContext context) {
        if (idleCount.incrementAndGet() <= POOL_SIZE) {
            idle.offer(context);
        } else {
            idleCount.decrementAndGet();
            close(context);
        }
    }

    private static void close(DirContext context) {
        try {
            context.close();
        } catch (NamingException ignored) {
            // nothing is left to release that a failed close could keep
        }
    }

    private static UnknownHostException unknown(String host, NamingException cause) {
        UnknownHostException failure = new UnknownHostException(host);
        failure.initCause(cause);
        return failure;
    }
}
