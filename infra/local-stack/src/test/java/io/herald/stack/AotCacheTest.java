package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's AOT cache made by a training run and used by the JVM the launcher starts; ignored, never failing the
 * start, once it no longer matches. The "service" is {@link AotProbe} in a jar where the signer's exec jar goes.
 */
class AotCacheTest {

    private static final HeraldService SERVICE = HeraldService.SIGNER;

    @TempDir
    Path home;

    private AotCache aot;

    @BeforeEach
    void probeJarAsTheSignersExecJar() throws IOException {
        writeProbeJar(SERVICE.executableJar(home));
        aot = AotCache.of(home, SERVICE);
    }

    @Test
    void aCacheMadeByATrainingRunIsUsedByTheServiceTheLauncherStarts() throws Exception {
        train();

        AotCache.Use use = aot.use(List.of(), null);
        assertThat(use.cached()).isTrue();
        assertThat(use.note()).isEqualTo("AOT cache " + aot.cache());
        List<String> command = command(Map.of(SERVICE, List.of("-Xlog:class+load=info")));
        assertThat(command)
                .contains(
                        "-XX:AOTCache=" + aot.cache(),
                        aot.dir().resolve("signer-service-exec.jar").toString());

        Run run = run(command);
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("probe ran").contains("io.herald.stack.AotProbe source: shared objects file");
        assertThat(Files.readString(home.resolve("logs/signer.log"))).startsWith("herald: AOT cache " + aot.cache());
        assertThat(AotCache.summary(home, List.of(HeraldService.values()))).isEqualTo("signer");
    }

    @Test
    void aCacheFromADifferentJarIsIgnoredAndTheServiceStartsFromItsExecJar() throws Exception {
        train();
        Path execJar = SERVICE.executableJar(home);
        writeProbeJar(execJar, "changed.properties"); // the code changed: one more entry

        AotCache.Use use = aot.use(List.of(), null);
        assertThat(use.cached()).isFalse();
        assertThat(use.note())
                .isEqualTo("AOT cache ignored: made from a different signer-service-exec.jar (./herald build --aot)");
        List<String> command = command(Map.of());
        assertThat(command)
                .noneMatch(option -> option.startsWith("-XX:AOTCache"))
                .contains(execJar.toString());
        Run run = run(command);
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("probe ran");
        assertThat(Files.readString(home.resolve("logs/signer.log")))
                .startsWith("herald: AOT cache ignored: made from a different signer-service-exec.jar");
        assertThat(AotCache.summary(home, List.of(SERVICE)))
                .isEqualTo("signer: AOT cache ignored: made from a different signer-service-exec.jar "
                        + "(./herald build --aot)");
    }

    @Test
    void aRebuildWithTheSameContentKeepsTheCache() throws Exception {
        train();
        Path execJar = SERVICE.executableJar(home);
        writeProbeJar(execJar); // every build repackages the exec jar: a new file, the same entries
        Files.setLastModifiedTime(execJar, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(aot.use(List.of(), null).cached()).isTrue();
    }

    @Test
    void aCacheTheJvmCannotMapIsIgnoredByTheJvmWithoutFailingTheStart() throws Exception {
        train();
        Files.writeString(aot.cache(), "not an AOT cache"); // e.g. cut short, or made with other JVM options

        List<String> command = command(Map.of());
        assertThat(command).contains("-XX:AOTCache=" + aot.cache());
        Run run = run(command);
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("probe ran");
    }

    @Test
    void withoutACacheOrSwitchedOffTheServiceRunsItsExecJarAsBuilt() throws Exception {
        assertThat(aot.use(List.of(), null).note()).isEqualTo("no AOT cache (./herald build --aot makes one)");
        train();

        AotCache.Use off = aot.use(List.of(), "off");
        assertThat(off.cached()).isFalse();
        assertThat(off.jar()).isEqualTo(SERVICE.executableJar(home));
        assertThat(off.jvmOptions()).isEmpty();
        assertThat(off.note()).isEqualTo("AOT cache off (HERALD_AOT=off)");
    }

    @Test
    void aTrainingRunThatRecordedNothingMakesNoCache() throws Exception {
        aot.prepareTraining(home.resolve("aot.log"));

        assertThatThrownBy(() -> aot.create(home.resolve("aot.log")))
                .hasMessageContaining("the training run recorded nothing");
        assertThat(aot.use(List.of(), null).cached()).isFalse();
    }

    /** Extracts, runs the service the launcher's way with the recording options until it exits, makes the cache. */
    private void train() throws Exception {
        List<String> recording = aot.prepareTraining(home.resolve("aot.log"));
        Run training = run(command(Map.of(SERVICE, recording)));
        assertThat(training.exit()).as(training.output()).isZero();
        aot.create(home.resolve("aot.log"));
        assertThat(aot.cache()).isRegularFile();
    }

    private List<String> command(Map<HeraldService, List<String>> jvmOptions) throws Exception {
        ServiceLaunch launch = new ServiceLaunch(
                home,
                home.resolve("logs"),
                home.resolve("run"),
                new ServiceLaunch.Wiring(
                        "127.0.0.1:1",
                        "http://127.0.0.1:1",
                        home.resolve("channels.yml"),
                        "jdbc:postgresql://127.0.0.1:1/postgres",
                        "postgres",
                        "db-password",
                        "http://127.0.0.1:2",
                        "c2VhbGluZy1rZXk=",
                        "Y2hhbm5lbC1zZWNyZXRzLWtleQ=="),
                new StackTokens(List.of(), name -> null),
                new ServiceLaunch.Extras(Map.of(), Map.of(), Map.of(), List.of(), jvmOptions));
        return launch.process(SERVICE, SERVICE.id(), 8082, 9082, List.of())
                .prepare()
                .command();
    }

    record Run(int exit, String output) {}

    static Run run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    static void writeProbeJar(Path jar, String... resources) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, AotProbe.class.getName());
        String probe = AotProbe.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry(probe));
            try (InputStream in = AotCacheTest.class.getClassLoader().getResourceAsStream(probe)) {
                in.transferTo(out);
            }
            out.closeEntry();
            for (String resource : resources) {
                out.putNextEntry(new JarEntry(resource));
                out.write("changed=true\n".getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }
}
