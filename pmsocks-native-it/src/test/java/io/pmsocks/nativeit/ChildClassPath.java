package io.pmsocks.nativeit;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The class path the tests give their child JVMs. */
final class ChildClassPath {

    private ChildClassPath() {
    }

    /** The test class path without the agent's own classes, which a child gets from the packaged jar only. */
    static Path[] libraries() {
        List<Path> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty() && !entry.contains("pmsocks-agent")) {
                entries.add(Path.of(entry));
            }
        }
        return entries.toArray(Path[]::new);
    }
}
