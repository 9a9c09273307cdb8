package io.pmsocks.benchmarks;

import io.pmsocks.benchmarks.apps.Hello;
import io.pmsocks.benchmarks.noopagent.NoopAgent;
import io.pmsocks.testkit.ChildJvm;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The small jars the child JVMs run: the applications ({@code apps.jar}) and the no-op agent
 * ({@code noop-agent.jar}), copied out of this module's own classes. A child must not get
 * {@code benchmarks.jar} (JMH, the test kit) on its class path: opening a jar of thousands of
 * entries would add the same cost to both sides of a start-up ratio and make it look smaller.
 *
 * @param apps      the jar holding {@code io.pmsocks.benchmarks.apps}
 * @param noopAgent an agent jar whose {@code premain} does nothing
 */
public record AppJars(Path apps, Path noopAgent) {

    private static final String APPS_PACKAGE = packageFolder(Hello.class);
    private static final String NOOP_AGENT_PACKAGE = packageFolder(NoopAgent.class);

    /** Writes both jars into {@code directory}. */
    public static AppJars writeTo(Path directory) {
        Path source = ChildJvm.locationOf(AppJars.class);
        Path apps = directory.resolve("apps.jar");
        Path noopAgent = directory.resolve("noop-agent.jar");
        write(source, APPS_PACKAGE, new Manifest(), apps);
        Manifest agentManifest = new Manifest();
        agentManifest.getMainAttributes().putValue("Premain-Class", NoopAgent.class.getName());
        write(source, NOOP_AGENT_PACKAGE, agentManifest, noopAgent);
        return new AppJars(apps, noopAgent);
    }

    private static void write(Path source, String folder, Manifest manifest, Path jar) {
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            List<String> copied = Files.isDirectory(source) ? copyFromFolder(source, folder, out)
                    : copyFromJar(source, folder, out);
            if (copied.isEmpty()) {
                throw new IllegalStateException("no classes under " + folder + " in " + source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + jar, e);
        }
    }

    private static List<String> copyFromJar(Path source, String folder, JarOutputStream out)
            throws IOException {
        List<String> copied = new ArrayList<>();
        try (JarFile jar = new JarFile(source.toFile())) {
            for (JarEntry entry : jar.stream().toList()) {
                if (isClassDirectlyIn(entry.getName(), folder)) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    jar.getInputStream(entry).transferTo(out);
                    out.closeEntry();
                    copied.add(entry.getName());
                }
            }
        }
        return copied;
    }

    private static List<String> copyFromFolder(Path source, String folder, JarOutputStream out)
            throws IOException {
        List<String> copied = new ArrayList<>();
        Path packageFolder = source.resolve(folder);
        try (Stream<Path> files = Files.list(packageFolder)) {
            for (Path file : files.sorted().toList()) {
                String name = folder + file.getFileName();
                if (isClassDirectlyIn(name, folder)) {
                    out.putNextEntry(new JarEntry(name));
                    copy(file, out);
                    out.closeEntry();
                    copied.add(name);
                }
            }
        }
        return copied;
    }

    private static void copy(Path file, OutputStream out) throws IOException {
        Files.copy(file, out);
    }

    private static boolean isClassDirectlyIn(String entryName, String folder) {
        return entryName.startsWith(folder) && entryName.endsWith(".class")
                && entryName.indexOf('/', folder.length()) < 0;
    }

    private static String packageFolder(Class<?> type) {
        return type.getPackageName().replace('.', '/') + "/";
    }
}
