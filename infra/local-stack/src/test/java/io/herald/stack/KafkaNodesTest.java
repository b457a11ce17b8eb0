package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaNodesTest {

    @Test
    void fromTheDefaultPortsNodesListenTwoApart() {
        assertThat(List.of(PortPlan.nodePort(19092, 2), PortPlan.nodePort(19093, 2), PortPlan.nodePort(19092, 3)))
                .containsExactly(19094, 19095, 19096);
        assertThat(PortPlan.nodePort(0, 3)).isZero(); // any free one
    }

    @Test
    void threeNodesEachGetTwoPortsAndAreEachAVoter() {
        Map<String, Integer> ports = PortPlan.resolve(
                LocalStack.builder().freePorts().kafkaBrokers(3).withoutServices());
        KafkaNodes nodes = PortPlan.kafkaNodes(ports, 3);

        assertThat(ports).containsKeys("kafka", "kafka controller", "kafka-2", "kafka-2 controller", "kafka-3");
        assertThat(nodes.bootstrapServers())
                .isEqualTo("127.0.0.1:" + ports.get("kafka") + ",127.0.0.1:" + ports.get("kafka-2") + ",127.0.0.1:"
                        + ports.get("kafka-3"));
        assertThat(nodes.voters())
                .isEqualTo("1@127.0.0.1:" + ports.get("kafka controller") + ",2@127.0.0.1:"
                        + ports.get("kafka-2 controller") + ",3@127.0.0.1:" + ports.get("kafka-3 controller"));
        assertThat(List.of(KafkaNodes.name(1), KafkaNodes.name(2))).containsExactly("kafka", "kafka-2");
    }

    @Test
    void replicationFollowsTheNodeCountUpToThreeWithTwoInSyncFromThreeOn() {
        assertThat(List.of(1, 2, 3, 5).stream().map(KafkaNodes::replicationFactor))
                .containsExactly(1, 2, 3, 3);
        assertThat(List.of(1, 2, 3, 5).stream().map(KafkaNodes::minInsyncReplicas))
                .containsExactly(1, 1, 2, 2);
    }
}
