package io.herald.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The extra instances of the stack's services ({@link StackBuilder#serviceInstances}): {@code ingest-2}, {@code
 * signer-2}, … made by {@link ServiceLaunch} like the first, on free ports; a dispatcher's instance id is its name.
 */
final class ServiceInstances {

    private ServiceInstances() {}

    /** Instances 2..{@code count} of each service in {@code services}, not launched. */
    static List<ServiceProcess> extra(ServiceLaunch launch, Set<HeraldService> services, int count) {
        List<ServiceProcess> extra = new ArrayList<>();
        for (int i = 2; i <= count; i++) {
            for (HeraldService service : services) {
                String name = name(service, i);
                List<String> overrides = service == HeraldService.DISPATCHER
                        ? List.of("--herald.dispatcher.instance-id=" + name)
                        : List.of();
                extra.add(launch.process(service, name, Ports.pickFree(), Ports.pickFree(), overrides));
            }
        }
        return extra;
    }

    /** {@code ingest-2}, {@code dispatcher-3}, … */
    static String name(HeraldService service, int instance) {
        return service.id() + "-" + instance;
    }
}
