package io.herald.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The JDK AOT cache of a child JVM that runs third-party code only (the broker, its storage tool, the registry), made
 * by the launcher: the first run that exits gracefully writes it ({@code -XX:AOTCacheOutput}), later runs start with
 * it (about half the CPU). Named by a stamp of the JDK, the JVM options and every jar (path, size, modification time),
 * since JDK 25.0.3 does not reject a cache whose jars changed (JDK-8377932); one the JVM could not map is made anew.
 * In {@code infra/local-stack/target/aot}; off with {@code HERALD_AOT=off} and before JDK 25.
 */
final class JvmAotCache {

    private static final JvmAotCache OFF = new JvmAotCache(null, null);

    /** How many caches of one name are kept: the newest. */
    static final int KEPT = 3;

    /** What the JDK logs when it cannot use a cache (then it starts without one). */
    static final String UNUSABLE = "Unable to map shared spaces";

    /** No cache: the JVM starts as it always did. */
    static JvmAotCache off() {
        return OFF;
    }

    private final Path cache;
    private final Path recording;
    private volatile boolean recorded;

    private JvmAotCache(Path cache, Path recording) {
        this.cache = cache;
        this.recording = recording;
    }

    /**
     * The cache {@code <dir>/<name>-<stamp>.aot} of a JVM run with {@code jvmOptions} (all but the cache's own) over
     * {@code jars} (its classpath, or for {@code -jar} the jar and what it loads); off when it cannot be stamped.
     */
    static JvmAotCache of(Path dir, String name, List<String> jvmOptions, List<Path> jars) {
        if (Runtime.version().feature() < 25 || "off".equalsIgnoreCase(AotTraining.switchValue())) {
            return OFF;
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, Runtime.version() + " " + System.getProperty("java.home"));
            jvmOptions.forEach(option -> update(digest, option));
            for (Path jar : jars) {
                update(
                        digest,
                        jar + "=" + Files.size(jar) + "@"
                                + Files.getLastModifiedTime(jar).toMillis());
            }
            String stamp = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
            Files.createDirectories(dir);
            return new JvmAotCache(
                    dir.resolve(name + "-" + stamp + ".aot"),
                    dir.resolve(name + "-" + stamp + "." + UUID.randomUUID() + ".recording"));
        } catch (IOException | NoSuchAlgorithmException e) {
            return OFF;
        }
    }

    /**
     * The JVM options for a launch now: the cache when it was made, else record it ({@link #exited} keeps it); none when
     * off. A relaunch reuses the first launch's command line, and so does the same. A cache the last JVM could not map
     * (it then ran without, its log says why) goes, and this launch records a new one.
     */
    List<String> jvmOptions() {
        if (cache == null) {
            return List.of();
        }
        // the JDK's warnings on what it leaves out of a cache (JFR events, proxies) and on the odd adapter it cannot
        // link from one are a dozen lines of noise in the component's log; errors still show
        String quiet = "-Xlog:aot*=error";
        if (Files.isRegularFile(cache) && !unusable()) {
            // the JVM's own errors on this cache, also in a file of their own that the next launch reads
            return List.of("-XX:AOTCache=" + cache, quiet, "-Xlog:aot*=error:file=" + errors() + "::filecount=0");
        }
        recorded = true;
        return List.of("-XX:AOTCacheOutput=" + recording, quiet);
    }

    /** True (and the cache deleted) when the last JVM that used it said it could not map it, e.g. a damaged file. */
    private boolean unusable() {
        try {
            if (!Files.isRegularFile(errors()) || !Files.readString(errors()).contains(UNUSABLE)) {
                return false;
            }
            Files.deleteIfExists(cache);
            Files.deleteIfExists(errors());
        } catch (IOException e) {
            // unreadable: the JVM maps the cache or says why in the component's log, and starts either way
            return false;
        }
        return true;
    }

    private Path errors() {
        return cache.resolveSibling(cache.getFileName() + ".errors");
    }

    /** True when the last {@link #jvmOptions} recorded: its stop takes longer (the JVM writes the cache as it exits). */
    boolean recording() {
        return recorded;
    }

    /**
     * Once the JVM has ended: what it recorded becomes the cache when {@code keep} (it exited gracefully, after a run
     * worth caching: a killed one may have left a part, one stopped while it started knew only its first classes), else
     * it goes. Never fails: without a cache the JVM starts as it always did.
     */
    void exited(boolean keep) {
        if (!recorded) {
            return;
        }
        try {
            if (keep && Files.isRegularFile(recording) && Files.size(recording) > 0) {
                Files.move(recording, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Files.deleteIfExists(errors());
                deleteOldStamps();
            } else {
                Files.deleteIfExists(recording);
            }
            Files.deleteIfExists(recording.resolveSibling(recording.getFileName() + ".config"));
        } catch (IOException e) {
            // a recording left behind is only disk space: the cache is looked up by its own name
        }
    }

    /**
     * Keeps the {@value #KEPT} newest caches of this name (~35-105 MB each): the integration tests' broker and {@code
     * ./herald up}'s differ by classpath and each keeps its own; older ones (other jars, options or JDK) go. A JVM still
     * running from one keeps its mapping.
     */
    private void deleteOldStamps() throws IOException {
        String name = cache.getFileName().toString();
        String prefix = name.substring(0, name.lastIndexOf('-') + 1);
        List<Path> caches;
        try (Stream<Path> files = Files.list(cache.getParent())) {
            caches = files.filter(file -> isStamped(file.getFileName().toString(), prefix))
                    .sorted(Comparator.comparing(JvmAotCache::modified).reversed())
                    .toList();
        }
        for (Path old : caches.subList(Math.min(KEPT, caches.size()), caches.size())) {
            Files.deleteIfExists(old);
            Files.deleteIfExists(old.resolveSibling(old.getFileName() + ".errors"));
        }
    }

    /** {@code <prefix><16 hex digits>.aot}: so {@code kafka-} never takes {@code kafka-storage-tool-}'s. */
    static boolean isStamped(String file, String prefix) {
        return file.startsWith(prefix) && file.substring(prefix.length()).matches("[0-9a-f]{16}\\.aot");
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0); // gone meanwhile: first to go
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update((text + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
