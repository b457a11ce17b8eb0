package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StackOptionsTest {

    private static StackOptions parse(String... args) {
        SuperviseCommand command = new SuperviseCommand();
        new CommandLine(command).parseArgs(args);
        return command.options;
    }

    @Test
    void allFourServicesByDefaultAndNoneOnRequest() {
        assertThat(parse().selectedServices()).isEqualTo(EnumSet.allOf(HeraldService.class));
        assertThat(parse("--services=none").selectedServices()).isEmpty();
        assertThat(parse("--services=ingest,audit").selectedServices())
                .containsExactly(HeraldService.INGEST, HeraldService.AUDIT);
    }

    @Test
    void optionsReachTheSupervisorUnchanged() {
        StackOptions options =
                parse("--services=ingest,signer", "--port", "kafka=29092", "--port=sandbox=0", "--channels=/tmp/c.yml");

        StackOptions handedOn = parse(options.toArgs().toArray(String[]::new));

        assertThat(handedOn.services).containsExactly("ingest", "signer");
        assertThat(handedOn.ports).containsEntry("kafka", 29092).containsEntry("sandbox", 0);
        assertThat(handedOn.channels).isEqualTo(Path.of("/tmp/c.yml"));
        assertThat(options.toArgs()).isEqualTo(handedOn.toArgs());
    }

    @Test
    void aClusterOfThreeBrokersAndTwoInstancesReachTheSupervisorAndTheServices() {
        StackOptions options = parse("--brokers=3", "--instances", "2");

        StackOptions handedOn = parse(options.toArgs().toArray(String[]::new));
        StackBuilder builder = handedOn.applyTo(LocalStack.builder());
        builder.build();

        assertThat(builder.kafkaBrokers).isEqualTo(3);
        assertThat(builder.serviceInstances).isEqualTo(2);
        for (HeraldService service : HeraldService.values()) {
            assertThat(builder.serviceArgs.get(service))
                    .startsWith("--herald.kafka.replication-factor=3", "--herald.kafka.min-insync-replicas=2");
        }
    }

    @Test
    void oneBrokerByDefaultLeavesTheServicesTopicSettingsAlone() {
        StackBuilder builder = parse().applyTo(LocalStack.builder());
        builder.build();

        assertThat(builder.kafkaBrokers).isEqualTo(1);
        assertThat(builder.serviceInstances).isEqualTo(1);
        assertThat(builder.serviceArgs.values())
                .allSatisfy(
                        args -> assertThat(args).noneMatch(arg -> arg.startsWith("--herald.kafka.replication-factor")));
    }

    @Test
    void aBrokerCountOutOfRangeIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> parse("--brokers=0").applyTo(LocalStack.builder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("brokers must be between 1 and 9, was 0");
        assertThatThrownBy(() -> parse("--instances=10").applyTo(LocalStack.builder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("instances must be between 1 and 9, was 10");
    }

    @Test
    void unknownPortNameFailsListingTheKnownOnes() {
        StackOptions options = parse("--port=zookeeper=2181");

        assertThatThrownBy(() -> options.applyTo(LocalStack.builder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Unknown port name 'zookeeper'; known: postgres, kafka, kafka-controller");
    }

    @Test
    void aServicesManagementPortCanBeChosenAndDefaultsToItsApplicationYml() {
        StackBuilder builder = parse("--port=signer-management=19282").applyTo(LocalStack.builder());

        assertThat(builder.managementPorts)
                .containsEntry(HeraldService.SIGNER, 19282)
                .containsEntry(HeraldService.INGEST, 9080)
                .containsEntry(HeraldService.DISPATCHER, 9083)
                .containsEntry(HeraldService.AUDIT, 9084);
    }

    @Test
    void unknownServiceFails() {
        assertThatThrownBy(() -> parse("--services=ingest,mailer").selectedServices())
                .hasMessageContaining("Unknown service 'mailer'");
    }

    @Test
    void workDirIsDotHeraldInTheRepositoryRoot() {
        StackOptions options = parse();

        assertThat(options.workDir()).isEqualTo(options.home().resolve(".herald"));
        assertThat(StackOptions.PORT_NAMES).hasSize(14);
        assertThat(List.of("ingest", "signer", "dispatcher", "audit")).allMatch(StackOptions.PORT_NAMES::contains);
        assertThat(List.of("ingest-management", "signer-management", "dispatcher-management", "audit-management"))
                .allMatch(StackOptions.PORT_NAMES::contains);
    }
}
