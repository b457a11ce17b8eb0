package io.herald.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.stack.HeraldService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ChaosCommandTest {

    private static final Path HOME = Path.of("/repo");

    @Test
    void byDefaultEveryFaultRunsInSuiteOrderWithTheIssuesDurations() {
        ChaosSettings settings = settings();

        assertThat(settings.faults())
                .extracting(FaultKind::id)
                .containsExactly(
                        "kill-ingest",
                        "kill-signer",
                        "kill-dispatcher",
                        "kill-audit",
                        "kill-broker",
                        "postgres-stop",
                        "registry-down",
                        "provider-503",
                        "provider-slow");
        assertThat(settings.hold(FaultKind.POSTGRES_STOP)).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.hold(FaultKind.REGISTRY_DOWN)).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.hold(FaultKind.PROVIDER_503)).isEqualTo(Duration.ofMinutes(3));
        assertThat(settings.slowDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.rate()).isEqualTo(100);
        assertThat(settings.grace()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.outDir()).isEqualTo(Path.of("/repo/target/chaos"));
    }

    @Test
    void quickShortensTheHoldsAndExplicitOptionsStillWin() {
        ChaosSettings settings = settings(
                "--quick",
                "--faults",
                "kill-signer, kill-broker,provider-503",
                "--tail",
                "3",
                "--hold",
                "provider-503=45");

        assertThat(settings.faults())
                .containsExactly(FaultKind.KILL_SIGNER, FaultKind.KILL_BROKER, FaultKind.PROVIDER_503);
        assertThat(settings.lead()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.tail()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.grace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.hold(FaultKind.PROVIDER_503)).isEqualTo(Duration.ofSeconds(45));
        assertThat(settings.hold(FaultKind.POSTGRES_STOP)).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.quick()).isTrue();
    }

    @Test
    void serviceArgumentsGoToTheirServiceOrToAll() {
        ChaosSettings settings = settings(
                "--service-arg",
                "dispatcher=--herald.dispatcher.max-attempts=3",
                "--service-arg",
                "all=--spring.kafka.consumer.properties.session.timeout.ms=10000");

        assertThat(settings.serviceArgs().get(HeraldService.DISPATCHER))
                .containsExactly(
                        "--herald.dispatcher.max-attempts=3",
                        "--spring.kafka.consumer.properties.session.timeout.ms=10000");
        assertThat(settings.serviceArgs().get(HeraldService.AUDIT))
                .containsExactly("--spring.kafka.consumer.properties.session.timeout.ms=10000");
    }

    @Test
    void badValuesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> settings("--faults", "kill-signer,unplug-the-cable"))
                .hasMessage(
                        "--faults: unknown fault 'unplug-the-cable'; known: kill-ingest, kill-signer, "
                                + "kill-dispatcher, kill-audit, kill-broker, postgres-stop, registry-down, provider-503, provider-slow");
        assertThatThrownBy(() -> settings("--rate", "0")).hasMessage("--rate must be positive, was 0");
        assertThatThrownBy(() -> settings("--hold", "kill-signer=30"))
                .hasMessage("--hold: kill-signer is not held (the restart ends a kill)");
        assertThatThrownBy(() -> settings("--hold", "provider-503=soon"))
                .hasMessage("--hold provider-503 must be a number of seconds, was soon");
        assertThatThrownBy(() -> settings("--hold", "provider-503"))
                .hasMessage("--hold must look like provider-503=60, was provider-503");
        assertThatThrownBy(() -> settings("--service-arg", "dispatcher=max-attempts=3"))
                .hasMessage("--service-arg must look like dispatcher=--key=value, was dispatcher=max-attempts=3");
    }

    @Test
    void allAndEmptyNameEveryFaultAndRepeatsCountOnce() {
        assertThat(FaultKind.parse("all")).hasSize(9);
        assertThat(FaultKind.parse(" ")).hasSize(9);
        assertThat(FaultKind.parse("KILL-BROKER,kill-broker")).isEqualTo(List.of(FaultKind.KILL_BROKER));
    }

    private static ChaosSettings settings(String... args) {
        ChaosCommand command = new ChaosCommand();
        new CommandLine(command).parseArgs(args);
        return command.settings(HOME);
    }
}
