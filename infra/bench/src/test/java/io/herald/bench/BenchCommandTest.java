package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.stack.HeraldService;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

    private static BenchSettings parse(String... args) {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs(args);
        return command.settings(Path.of("/tmp/herald"));
    }

    @Test
    void serviceArgumentsAndJvmOptionsGoToTheNamedServiceOrToAll() {
        BenchSettings settings = parse(
                "--service-arg", "dispatcher=--herald.dispatcher.max-in-flight-per-host=8",
                "--service-arg", "all=--spring.kafka.consumer.fetch-min-size=1",
                "--jvm-option", "all=-XX:TieredStopAtLevel=4",
                "--jvm-option", "signer=-Xmx192m");

        assertThat(settings.serviceArgs().get(HeraldService.DISPATCHER))
                .containsExactly(
                        "--herald.dispatcher.max-in-flight-per-host=8", "--spring.kafka.consumer.fetch-min-size=1");
        assertThat(settings.serviceArgs().get(HeraldService.INGEST))
                .containsExactly("--spring.kafka.consumer.fetch-min-size=1");
        assertThat(settings.jvmOptions().get(HeraldService.SIGNER))
                .containsExactly("-XX:TieredStopAtLevel=4", "-Xmx192m");
        assertThat(settings.jvmOptions().get(HeraldService.AUDIT)).isEqualTo(List.of("-XX:TieredStopAtLevel=4"));
    }

    @Test
    void malformedOptionsAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> parse("--jvm-option", "signer=Xmx192m"))
                .hasMessage("--jvm-option must look like dispatcher=-XX:+UseSerialGC, was signer=Xmx192m");
        assertThatThrownBy(() -> parse("--service-arg", "dispatcher"))
                .hasMessageStartingWith("--service-arg must look like dispatcher=--key=value");
        assertThatThrownBy(() -> parse("--jvm-option", "mailer=-Xmx1g"))
                .hasMessageStartingWith("Unknown service 'mailer'");
    }
}
