package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceProcessTest {

    @Test
    void aScaledDispatchersProvidersReplaceTheStackDispatchersInsteadOfJoiningThem() {
        List<String> stackDispatcher = List.of(
                "--spring.kafka.bootstrap-servers=127.0.0.1:19092",
                "--herald.dispatcher.providers=webhook",
                "--herald.dispatcher.instance-id=dispatcher-a");

        List<String> instance = ServiceProcess.withOverrides(
                stackDispatcher,
                List.of(
                        "--herald.dispatcher.providers=dingtalk",
                        "--herald.dispatcher.instance-id=dispatcher-dingtalk-1"));

        // Spring Boot would read two --herald.dispatcher.providers as "webhook,dingtalk"
        assertThat(instance)
                .containsExactly(
                        "--spring.kafka.bootstrap-servers=127.0.0.1:19092",
                        "--herald.dispatcher.providers=dingtalk",
                        "--herald.dispatcher.instance-id=dispatcher-dingtalk-1");
    }

    @Test
    void withoutOverridesTheArgumentsStayAsTheyAre() {
        List<String> args = List.of("--a=1", "--a=2", "positional");

        assertThat(ServiceProcess.withOverrides(args, List.of())).isEqualTo(args);
    }
}
