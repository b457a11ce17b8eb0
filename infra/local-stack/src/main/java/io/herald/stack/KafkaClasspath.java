package io.herald.stack;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The broker's classpath out of the launcher's: its jars only, a pathing jar (Surefire's and Failsafe's booter: a
 * manifest whose {@code Class-Path} names the real classpath) expanded, and none of Herald's own classes (directories,
 * the repository's modules, {@code io/herald} artifacts in a Maven repository), which the broker never loads. So it is
 * the same for every stack of a build, and a JDK AOT cache ({@link JvmAotCache}) can be made of it: the JVM takes
 * none from a classpath with a directory on it.
 */
final class KafkaClasspath {

    private KafkaClasspath() {}

    static List<Path> jars(String classpath, Path home) {
        Set<Path> jars = new LinkedHashSet<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                add(Path.of(entry).toAbsolutePath().normalize(), home, jars, true);
            }
        }
        return List.copyOf(jars);
    }

    private static void add(Path entry, Path home, Set<Path> jars, boolean expand) {
        if (!Files.isRegularFile(entry)) {
            return; // a directory, or gone
        }
        List<Path> named = expand ? pathingJarEntries(entry) : List.of();
        if (!named.isEmpty()) {
            named.forEach(jar -> add(jar, home, jars, false)); // the booter itself lies in the build's target
        } else if (!entry.startsWith(home) && !entry.toString().contains("/io/herald/")) {
            jars.add(entry);
        }
    }

    /** The entries of a jar that only names others ({@code Class-Path}, no classes of its own); else none. */
    private static List<Path> pathingJarEntries(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String named =
                    manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            boolean onlyMetadata = file.stream().allMatch(e -> e.getName().startsWith("META-INF/"));
            if (named == null || named.isBlank() || !onlyMetadata) {
                return List.of();
            }
            List<Path> entries = new ArrayList<>();
            URI base = jar.getParent().toUri();
            for (String token : named.trim().split("\\s+")) {
                entries.add(Path.of(base.resolve(token)).toAbsolutePath().normalize());
            }
            return entries;
        } catch (IOException | IllegalArgumentException e) {
            return List.of();
        }
    }
}
