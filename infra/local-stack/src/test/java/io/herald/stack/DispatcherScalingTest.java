package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scaled dispatcher is launched exactly like the stack's own: the same JVM options and arguments. */
class DispatcherScalingTest {

    @TempDir
    Path home;

    private ServiceLaunch launch;

    @BeforeEach
    void launchWithAnExtraDispatcherJvmOption() throws Exception {
        StackTokens tokens = new StackTokens(List.of(), name -> null);
        launch = new ServiceLaunch(
                home,
                home.resolve("logs"),
                home.resolve("run"),
                new ServiceLaunch.Wiring(
                        "127.0.0.1:19092",
                        "http://127.0.0.1:18081/apis/registry/v3",
                        home.resolve("channels.yml"),
                        "jdbc:postgresql://127.0.0.1:15432/postgres",
                        "postgres",
                        "pw",
                        "http://127.0.0.1:8082",
                        "c2VhbGluZy1rZXktb2YtdGhpcy10ZXN0LTMyLWJ5dGVz",
                        "Y2hhbm5lbC1zZWNyZXRzLWtleS1vZi10aGlzLXRlc3Q="),
                tokens,
                new ServiceLaunch.Extras(
                        Map.of(),
                        Map.of(HeraldService.DISPATCHER, List.of("--logging.level.io.herald=WARN")),
                        Map.of(),
                        List.of("-Dherald.stack=" + home),
                        Map.of(HeraldService.DISPATCHER, List.of("-XX:TieredStopAtLevel=1"))));
        Path jar = HeraldService.DISPATCHER.executableJar(home);
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "not really a jar");
    }

    @Test
    void aScaledDispatcherCarriesTheServicesJvmOptionsAndTheBuildersLikeTheStacksDispatcher() throws Exception {
        List<String> stackDispatcher = launch.process(HeraldService.DISPATCHER, "dispatcher", 8083, 9083, List.of())
                .prepare()
                .command();

        List<String> scaled = DispatcherScaling.process(
                        launch, "dispatcher-dingtalk-1", List.of("dingtalk"), 40123, 40124, List.of())
                .prepare()
                .command();

        assertThat(scaled)
                .containsSubsequence(HeraldService.JVM_OPTIONS)
                .contains("-XX:+ExitOnOutOfMemoryError", "-Dherald.stack=" + home, "-XX:TieredStopAtLevel=1");
        assertThat(jvmPart(scaled)).isEqualTo(jvmPart(stackDispatcher));
        assertThat(scaled)
                .contains(
                        "--server.port=40123",
                        "--management.server.port=40124",
                        "--logging.level.io.herald=WARN",
                        "--herald.dispatcher.providers=dingtalk",
                        "--herald.dispatcher.instance-id=dispatcher-dingtalk-1");
        assertThat(scaled.stream()
                        .filter(arg -> !arg.startsWith("--server.port=")
                                && !arg.startsWith("--management.server.port=")
                                && !arg.startsWith("--herald.dispatcher.providers=")
                                && !arg.startsWith("--herald.dispatcher.instance-id="))
                        .toList())
                .isEqualTo(stackDispatcher.stream()
                        .filter(arg ->
                                !arg.startsWith("--server.port=") && !arg.startsWith("--management.server.port="))
                        .toList());
    }

    /** Everything before {@code -jar}: the JVM and its options. */
    private static List<String> jvmPart(List<String> command) {
        return command.subList(0, command.indexOf("-jar"));
    }
}
