package io.pmsocks.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class NamePlaceholdersTest {

    @Test
    void aNameKeepsItsPlaceholderAndCarriesItsName() throws Exception {
        NamePlaceholders table = new NamePlaceholders();
        InetAddress first = table.placeholderFor("db.corp.example");
        InetAddress other = table.placeholderFor("web.corp.example");
        InetAddress again = table.placeholderFor("DB.Corp.Example.");

        assertEquals("240.0.0.1", first.getHostAddress());
        assertEquals("db.corp.example", first.getHostName());
        assertEquals("240.0.0.2", other.getHostAddress());
        assertEquals(first, again, "the same name, as DNS compares names");
        assertEquals("DB.Corp.Example.", again.getHostName(), "the name as this lookup gave it");
        assertEquals("db.corp.example", table.nameOf(InetAddress.getByName("240.0.0.1")));
        assertEquals("db.corp.example", table.nameOf(InetAddress.getByName("::ffff:240.0.0.1")));
        assertNull(table.nameOf(InetAddress.getByName("240.0.0.3")), "never handed out");
        assertNull(table.nameOf(InetAddress.getByName("10.0.0.1")));
    }

    @Test
    void aFullTableHandsOutNoMoreAndForgetsNothing() {
        NamePlaceholders table = new NamePlaceholders(2);
        InetAddress a = table.placeholderFor("a.example");
        table.placeholderFor("b.example");

        assertNull(table.placeholderFor("c.example"));
        assertEquals(a, table.placeholderFor("a.example"));
        assertEquals("a.example", table.nameOf(a));
        assertEquals(2, table.size());
    }

    @Test
    void concurrentLookupsOfOneNameShareOnePlaceholderAndDistinctNamesNever() throws Exception {
        NamePlaceholders table = new NamePlaceholders();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<InetAddress>> lookups = new ArrayList<>();
            for (int i = 0; i < 4000; i++) {
                String name = "host" + (i % 500) + ".example";
                lookups.add(() -> table.placeholderFor(name));
            }
            List<Future<InetAddress>> results = pool.invokeAll(lookups);
            Set<InetAddress> distinct = new HashSet<>();
            for (int i = 0; i < results.size(); i++) {
                InetAddress placeholder = results.get(i).get();
                distinct.add(placeholder);
                assertEquals("host" + (i % 500) + ".example", table.nameOf(placeholder));
            }
            assertEquals(500, distinct.size());
            assertNotEquals(null, table.placeholderFor("one-more.example"));
        } finally {
            pool.shutdownNow();
        }
    }
}
