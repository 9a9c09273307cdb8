package io.pmsocks.agent.runtime;

import io.pmsocks.config.LocalNames;
import io.pmsocks.config.PlaceholderRange;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names the agent answered a placeholder for, and their placeholders
 * ({@link PlaceholderRange}). A name keeps its placeholder for the life of the JVM, so a
 * placeholder that an application holds (in a connection pool, a cache of its own, the JDK's
 * positive cache) always leads back to its name; the table is therefore never emptied, and
 * bounded instead: once every placeholder is taken, further names get none and their lookups
 * fail as without pmsocks. Names are compared as DNS compares them: case-insensitive, a
 * trailing dot ignored.
 */
final class NamePlaceholders {

    private final int capacity;
    /** Normalised name to its placeholder's index. */
    private final ConcurrentHashMap<String, Integer> indexes = new ConcurrentHashMap<>();
    /** Index to the name as it was first looked up (a map: most JVMs hold a few names, if any). */
    private final ConcurrentHashMap<Integer, String> names = new ConcurrentHashMap<>();
    /** Taken under {@code indexes}' per-key lock, so each index goes to one name only. */
    private int next;
    private final Object counter = new Object();

    NamePlaceholders() {
        this(PlaceholderRange.CAPACITY);
    }

    /** A smaller table, for tests of what happens when it is full. */
    NamePlaceholders(int capacity) {
        if (capacity < 1 || capacity > PlaceholderRange.CAPACITY) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * The placeholder of {@code name}, taken now if it has none, whose {@code getHostName()} is
     * {@code name} as given here; {@code null} when the table is full.
     */
    InetAddress placeholderFor(String name) {
        Integer index = indexes.computeIfAbsent(LocalNames.normalized(name), key -> {
            int taken;
            synchronized (counter) {
                if (next == capacity) {
                    return null;
                }
                taken = next++;
            }
            names.put(taken, name);
            return taken;
        });
        if (index == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(name, PlaceholderRange.address(index));
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /**
     * The name a placeholder stands for, or {@code null} when {@code address} is not one this
     * JVM handed out (not in the range, or never given to a name).
     */
    String nameOf(InetAddress address) {
        int index = PlaceholderRange.indexOf(address);
        return index < 0 ? null : names.get(index);
    }

    /** How many names have a placeholder. */
    int size() {
        return indexes.size();
    }
}
