package io.herald.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ports a stack checks and claims, by component name in start order; a service not started only reserves its own. */
final class PortPlan {

    private PortPlan() {}

    /** Free ports for those given as 0; fails naming a port already taken. */
    static Map<String, Integer> resolve(StackBuilder options) {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        Map<String, Integer> reservedOnly = new LinkedHashMap<>();
        if (options.externalDatabase == null) {
            wanted.put("postgres", options.postgresPort);
        }
        wanted.put("kafka", options.kafkaPort);
        wanted.put("kafka controller", options.kafkaControllerPort);
        for (int node = 2; node <= options.kafkaBrokers; node++) {
            wanted.put(KafkaNodes.name(node), nodePort(options.kafkaPort, node));
            wanted.put(KafkaNodes.name(node) + " controller", nodePort(options.kafkaControllerPort, node));
        }
        wanted.put("registry", options.registryPort);
        wanted.put("registry management", options.registryManagementPort);
        wanted.put("sandbox", options.sandboxPort);
        for (HeraldService service : HeraldService.values()) {
            int port = options.servicePorts.get(service);
            int management = options.managementPorts.get(service);
            if (options.services.contains(service) || port == 0) {
                wanted.put(service.id(), port);
                wanted.put(service.managementPortName(), management);
            } else {
                reservedOnly.put(service.id(), port);
                reservedOnly.put(service.managementPortName(), management);
            }
        }
        Map<String, Integer> resolved = new LinkedHashMap<>(Ports.resolve(wanted));
        reservedOnly.forEach(resolved::putIfAbsent);
        return resolved;
    }

    /** Node {@code node}'s port from node 1's: 2 apart (19092, 19094, …), or any free one when node 1's is. */
    static int nodePort(int first, int node) {
        return first == 0 ? 0 : first + 2 * (node - 1);
    }

    /** Where the Kafka nodes listen, once {@link #resolve resolved}. */
    static KafkaNodes kafkaNodes(Map<String, Integer> ports, int brokers) {
        List<Integer> clients = new ArrayList<>();
        List<Integer> controllers = new ArrayList<>();
        for (int node = 1; node <= brokers; node++) {
            clients.add(ports.get(KafkaNodes.name(node)));
            controllers.add(ports.get(KafkaNodes.name(node) + " controller"));
        }
        return KafkaNodes.fresh(clients, controllers);
    }
}
