package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.stack.AotCacheTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's own AOT cache of a third-party JVM (here {@link AotProbe} in a jar): recorded by the first run that
 * exits gracefully, used by the next, made anew when a jar changes, and dropped when the run was killed.
 */
class JvmAotCacheTest {

    private static final List<String> OPTIONS = List.of("-Xmx64m", "-XX:TieredStopAtLevel=1");

    @TempDir
    Path dir;

    @Test
    void theFirstRunRecordsTheCacheAndTheNextStartsWithIt() throws Exception {
        Path jar = probeJar();
        JvmAotCache first = JvmAotCache.of(dir.resolve("aot"), "probe", OPTIONS, List.of(jar));
        List<String> recording = first.jvmOptions();
        assertThat(recording.getFirst()).startsWith("-XX:AOTCacheOutput=" + dir.resolve("aot/probe-"));
        assertThat(first.recording()).isTrue();

        Run recorded = run(recording, jar, "");
        assertThat(recorded.exit()).as(recorded.output()).isZero();
        first.exited(true);

        assertThat(files("probe-*.aot")).hasSize(1);
        assertThat(files("*.recording*")).isEmpty();
        JvmAotCache next = JvmAotCache.of(dir.resolve("aot"), "probe", OPTIONS, List.of(jar));
        List<String> using = next.jvmOptions();
        assertThat(using.getFirst())
                .isEqualTo("-XX:AOTCache=" + files("probe-*.aot").getFirst());
        assertThat(next.recording()).isFalse();
        Run cached = run(using, jar, "-Xlog:class+load=info");
        assertThat(cached.exit()).as(cached.output()).isZero();
        assertThat(cached.output())
                .contains("probe ran")
                .contains("io.herald.stack.AotProbe source: shared objects file");
    }

    @Test
    void aChangedJarOrOtherOptionsMakeAnotherCache() throws Exception {
        Path jar = probeJar();
        JvmAotCache first = JvmAotCache.of(dir.resolve("aot"), "probe", OPTIONS, List.of(jar));
        assertThat(run(first.jvmOptions(), jar, "").exit()).isZero();
        first.exited(true);

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(10))); // rebuilt
        assertThat(JvmAotCache.of(dir.resolve("aot"), "probe", OPTIONS, List.of(jar))
                        .jvmOptions()
                        .getFirst())
                .startsWith("-XX:AOTCacheOutput=");
        assertThat(JvmAotCache.of(dir.resolve("aot"), "probe", List.of("-Xmx32m"), List.of(jar))
                        .jvmOptions()
                        .getFirst())
                .startsWith("-XX:AOTCacheOutput=");
    }

    @Test
    void aRunThatDidNotExitGracefullyLeavesNoCache() throws Exception {
        Path jar = probeJar();
        JvmAotCache first = JvmAotCache.of(dir.resolve("aot"), "probe", OPTIONS, List.of(jar));
        assertThat(run(first.jvmOptions(), jar, "").exit()).isZero();

        first.exited(false); // e.g. killed while it wrote the cache

        assertThat(files("*")).isEmpty();
        assertThat(JvmAotCache.of(dir.resolve("aot"), "probe", OPTIONS, List.of(jar))
                        .jvmOptions()
                        .getFirst())
                .startsWith("-XX:AOTCacheOutput=");
    }

    @Test
    void aCacheTheJvmCannotMapIsIgnoredThenMadeAnew() throws Exception {
        Path jar = probeJar();
        JvmAotCache first = JvmAotCache.of(dir.resolve("aot"), "probe", OPTIONS, List.of(jar));
        assertThat(run(first.jvmOptions(), jar, "").exit()).isZero();
        first.exited(true);
        Path cache = files("probe-*.aot").getFirst();
        Files.write(cache, new byte[64 * 1024]); // damaged: e.g. a disk that filled up

        JvmAotCache damaged = JvmAotCache.of(dir.resolve("aot"), "probe", OPTIONS, List.of(jar));
        Run ignored = run(damaged.jvmOptions(), jar, "");
        assertThat(ignored.exit()).as(ignored.output()).isZero();
        assertThat(ignored.output()).contains("probe ran").contains(JvmAotCache.UNUSABLE);
        damaged.exited(true);

        JvmAotCache next = JvmAotCache.of(dir.resolve("aot"), "probe", OPTIONS, List.of(jar));
        assertThat(next.jvmOptions().getFirst()).startsWith("-XX:AOTCacheOutput=");
        assertThat(cache).doesNotExist();
        Run recorded = run(next.jvmOptions(), jar, "");
        assertThat(recorded.exit()).as(recorded.output()).isZero();
        next.exited(true);
        Run cached = run(
                JvmAotCache.of(dir.resolve("aot"), "probe", OPTIONS, List.of(jar))
                        .jvmOptions(),
                jar,
                "-Xlog:class+load=info");
        assertThat(cached.output())
                .doesNotContain(JvmAotCache.UNUSABLE)
                .contains("io.herald.stack.AotProbe source: shared objects file");
    }

    @Test
    void aNewCacheKeepsTheNewestOfItsNameAndLeavesOtherNamesAlone() throws Exception {
        Path jar = probeJar();
        Path tool = Files.createDirectories(dir.resolve("aot")).resolve("probe-tool-0123456789abcdef.aot");
        Files.writeString(tool, "another JVM's");
        List<Path> made = new ArrayList<>();
        for (int build = 0; build <= JvmAotCache.KEPT; build++) {
            Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(10L * build))); // rebuilt
            JvmAotCache cache = JvmAotCache.of(dir.resolve("aot"), "probe", OPTIONS, List.of(jar));
            assertThat(run(cache.jvmOptions(), jar, "").exit()).isZero();
            cache.exited(true);
            Path newest = files("probe-*.aot").stream()
                    .filter(file -> !file.equals(tool) && !made.contains(file))
                    .findFirst()
                    .orElseThrow();
            made.add(newest);
        }

        assertThat(made.getFirst()).doesNotExist();
        assertThat(files("probe-*.aot")).containsExactlyInAnyOrder(made.get(1), made.get(2), made.get(3), tool);
    }

    @Test
    void switchedOffItAddsNothing() throws Exception {
        Path jar = probeJar();
        String before = System.getProperty(AotTraining.PROPERTY);
        System.setProperty(AotTraining.PROPERTY, "off");
        try {
            JvmAotCache off = JvmAotCache.of(dir.resolve("aot"), "probe", OPTIONS, List.of(jar));
            assertThat(off.jvmOptions()).isEmpty();
            off.exited(true);
        } finally {
            if (before == null) {
                System.clearProperty(AotTraining.PROPERTY);
            } else {
                System.setProperty(AotTraining.PROPERTY, before);
            }
        }
    }

    private Path probeJar() throws Exception {
        Path jar = dir.resolve("lib/probe.jar");
        AotCacheTest.writeProbeJar(jar);
        return jar;
    }

    private Run run(List<String> aotOptions, Path jar, String extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(ManagedProcess.javaExecutable()));
        command.addAll(OPTIONS);
        command.addAll(aotOptions);
        if (!extra.isEmpty()) {
            command.add(extra);
        }
        command.addAll(List.of("-cp", jar.toString(), AotProbe.class.getName()));
        return AotCacheTest.run(command);
    }

    private List<Path> files(String glob) throws Exception {
        Path aot = dir.resolve("aot");
        if (!Files.isDirectory(aot)) {
            return List.of();
        }
        var matcher = aot.getFileSystem().getPathMatcher("glob:" + glob);
        try (Stream<Path> files = Files.list(aot)) {
            return files.filter(file -> matcher.matches(file.getFileName())).toList();
        }
    }
}
