package io.herald.stack;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.Uuid;

/**
 * Where the nodes of the stack's Kafka listen (node ids 1..n, each broker and controller: every node a quorum voter),
 * its cluster id, and the replication it is made for: {@code min(n, 3)} replicas, 2 of them in sync from 3 nodes on.
 *
 * @param ports each node's client listener, node 1 first
 * @param controllerPorts each node's controller listener, node 1 first
 */
record KafkaNodes(String clusterId, List<Integer> ports, List<Integer> controllerPorts) {

    KafkaNodes {
        ports = List.copyOf(ports);
        controllerPorts = List.copyOf(controllerPorts);
        if (ports.isEmpty() || ports.size() != controllerPorts.size()) {
            throw new IllegalArgumentException("a Kafka cluster needs a client and a controller port per node");
        }
    }

    /** A fresh cluster id for these ports. */
    static KafkaNodes fresh(List<Integer> ports, List<Integer> controllerPorts) {
        return new KafkaNodes(Uuid.randomUuid().toString(), ports, controllerPorts);
    }

    /** The component (and log) name of node {@code nodeId}: {@code kafka}, {@code kafka-2}, … */
    static String name(int nodeId) {
        return nodeId == 1 ? "kafka" : "kafka-" + nodeId;
    }

    /** Replicas of every topic: one per node, at most 3 (what a real cluster runs). */
    static int replicationFactor(int nodes) {
        return Math.min(nodes, 3);
    }

    /** In-sync replicas an {@code acks=all} write needs: 2 from 3 nodes on, so one node may be down. */
    static int minInsyncReplicas(int nodes) {
        return nodes >= 3 ? 2 : 1;
    }

    int size() {
        return ports.size();
    }

    int replicationFactor() {
        return replicationFactor(size());
    }

    int minInsyncReplicas() {
        return minInsyncReplicas(size());
    }

    int port(int nodeId) {
        return ports.get(nodeId - 1);
    }

    int controllerPort(int nodeId) {
        return controllerPorts.get(nodeId - 1);
    }

    /** {@code 127.0.0.1:<port>,…}: every node's client listener. */
    String bootstrapServers() {
        return ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** {@code controller.quorum.voters}: {@code 1@127.0.0.1:<port>,2@…}. */
    String voters() {
        return IntStream.rangeClosed(1, size())
                .mapToObj(id -> id + "@127.0.0.1:" + controllerPort(id))
                .collect(Collectors.joining(","));
    }
}
