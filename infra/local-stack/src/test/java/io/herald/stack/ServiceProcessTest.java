package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTest {

    @TempDir
    Path home;

    @Test
    void aScaledDispatcherIsLaunchedWithTheSameJvmOptionsAsTheServicesAndTheSameCommandOnRestart() throws Exception {
        Path jar = HeraldService.DISPATCHER.executableJar(home);
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "not really a jar");
        ServiceProcess instance = new ServiceProcess(HeraldService.DISPATCHER, "dispatcher-dingtalk-1", home,
                home.resolve("logs"), home.resolve("run"), 40123, List.of("--herald.dispatcher.providers=dingtalk"),
                Map.of(), List.of("-Dherald.stack=" + home));

        List<String> command = instance.prepare().command();

        assertThat(command).containsSubsequence(HeraldService.JVM_OPTIONS);
        assertThat(command).contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(command.subList(command.size() - 5, command.size())).containsExactly("-Dherald.stack=" + home, "-jar",
                jar.toString(), "--server.port=40123", "--herald.dispatcher.providers=dingtalk");
    }

    @Test
    void aScaledDispatchersProvidersReplaceTheStackDispatchersInsteadOfJoiningThem() {
        List<String> stackDispatcher = List.of("--spring.kafka.bootstrap-servers=127.0.0.1:19092",
                "--herald.dispatcher.providers=webhook", "--herald.dispatcher.instance-id=dispatcher-a");

        List<String> instance = ServiceProcess.withOverrides(stackDispatcher,
                List.of("--herald.dispatcher.providers=dingtalk", "--herald.dispatcher.instance-id=dispatcher-dingtalk-1"));

        // Spring Boot would read two --herald.dispatcher.providers as "webhook,dingtalk"
        assertThat(instance).containsExactly("--spring.kafka.bootstrap-servers=127.0.0.1:19092",
                "--herald.dispatcher.providers=dingtalk", "--herald.dispatcher.instance-id=dispatcher-dingtalk-1");
    }

    @Test
    void withoutOverridesTheArgumentsStayAsTheyAre() {
        List<String> args = List.of("--a=1", "--a=2", "positional");

        assertThat(ServiceProcess.withOverrides(args, List.of())).isEqualTo(args);
    }
}
