package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.stack.AotCacheTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training while a stack runs ({@code HERALD_AOT=train}): the first process of a service without a usable cache
 * records one, the stack makes it once stopped, and the next process starts with it. The "service" is {@link AotProbe}
 * in a jar where the signer's exec jar goes.
 */
class AotTrainingTest {

    private static final HeraldService SERVICE = HeraldService.SIGNER;

    @TempDir
    Path home;

    private AotCache aot;
    private final List<String> outcomes = new ArrayList<>();
    private final StackListener listener = new StackListener() {
        @Override
        public void aotCache(String service, String outcome) {
            outcomes.add(service + ": " + outcome);
        }
    };

    @BeforeEach
    void probeJarAsTheSignersExecJar() throws IOException {
        AotCacheTest.writeProbeJar(SERVICE.executableJar(home));
        aot = AotCache.of(home, SERVICE);
    }

    @Test
    void theFirstProcessWithoutACacheRecordsOneTheStackMakesItAndTheNextStackUsesIt() throws Exception {
        AotTraining training = new AotTraining(true, home.resolve("logs"));
        ServiceProcess recorder = process(training, SERVICE.id(), Map.of());
        List<String> recording = recorder.prepare().command();
        assertThat(recording)
                .contains(
                        AotCache.RECORD_MODE,
                        aot.dir().resolve("signer-service-exec.jar").toString());
        assertThat(Files.readString(home.resolve("logs/signer.log")))
                .startsWith("herald: recording an AOT cache (HERALD_AOT=train), made when the stack stops: no AOT cache"
                        + " (./herald build --aot makes one)");
        // a second process of the service in the same stack (an extra instance) does not record over the first
        List<String> second = process(training, "signer-2", Map.of()).prepare().command();
        assertThat(second)
                .doesNotContain(AotCache.RECORD_MODE)
                .contains(SERVICE.executableJar(home).toString());

        Run run = AotCacheTest.run(recording);
        assertThat(run.exit()).as(run.output()).isZero();
        training.createCaches(listener);

        assertThat(outcomes).singleElement().asString().startsWith("signer: made " + aot.cache() + " in ");
        assertThat(aot.use(List.of(), null).cached()).isTrue();
        List<String> next = process(new AotTraining(true, home.resolve("logs")), SERVICE.id(), Map.of())
                .prepare()
                .command();
        assertThat(next).contains("-XX:AOTCache=" + aot.cache()).doesNotContain(AotCache.RECORD_MODE);
        Run cached = AotCacheTest.run(next);
        assertThat(cached.exit()).as(cached.output()).isZero();
        assertThat(cached.output()).contains("probe ran");
    }

    @Test
    void aRecorderThatDidNotExitGracefullyMakesNoCacheAndSaysWhy() throws Exception {
        AotTraining training = new AotTraining(true, home.resolve("logs"));
        process(training, SERVICE.id(), Map.of()).prepare(); // never run: as if killed before it could write

        training.createCaches(listener);

        assertThat(outcomes)
                .singleElement()
                .asString()
                .startsWith("signer: not made: the training run recorded nothing");
        assertThat(aot.use(List.of(), null).cached()).isFalse();
    }

    @Test
    void offOrWithTheCallersOwnAotOptionsNothingIsRecorded() throws Exception {
        List<String> off = process(new AotTraining(false, home.resolve("logs")), SERVICE.id(), Map.of())
                .prepare()
                .command();
        assertThat(off)
                .doesNotContain(AotCache.RECORD_MODE)
                .contains(SERVICE.executableJar(home).toString());

        AotTraining training = new AotTraining(true, home.resolve("logs"));
        List<String> callers = process(training, SERVICE.id(), Map.of(SERVICE, List.of("-XX:AOTCache=/elsewhere.aot")))
                .prepare()
                .command();
        assertThat(callers).containsOnlyOnce("-XX:AOTCache=/elsewhere.aot").doesNotContain(AotCache.RECORD_MODE);
        training.createCaches(listener);
        assertThat(outcomes).isEmpty();
    }

    private ServiceProcess process(AotTraining training, String name, Map<HeraldService, List<String>> jvmOptions) {
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
                new StackTokens(List.of(), n -> null),
                new ServiceLaunch.Extras(Map.of(), Map.of(), Map.of(), List.of(), jvmOptions),
                training);
        return launch.process(SERVICE, name, 8082, 9082, List.of());
    }
}
