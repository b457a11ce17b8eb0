package io.herald.stack;

import java.util.LinkedHashMap;
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
}
