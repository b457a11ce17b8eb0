package io.herald.signer.dispatchers;

import io.herald.contract.kafka.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code dispatchers} component of the signer's health: per provider with a channel, its dispatchers' consumer
 * group, how many consumers it has and how many signed requests wait. {@value #UNSERVED} (ranked after UP, so the
 * signer itself stays UP and ready: it can sign; nobody delivers) when some provider has no dispatcher; UNKNOWN when
 * the broker could not be asked.
 */
class DispatchersHealthIndicator implements HealthIndicator {

    static final String UNSERVED = "UNSERVED";

    private final DispatcherPresence presence;

    public DispatchersHealthIndicator(DispatcherPresence presence) {
        this.presence = presence;
    }

    @Override
    public Health health() {
        DispatcherPresence.State state = presence.state();
        if (state == null) {
            return Health.unknown().withDetail("reason", "not checked yet").build();
        }
        Map<String, Object> providers = new LinkedHashMap<>();
        boolean unserved = false;
        for (var entry : state.presence().entrySet()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("consumerGroup", Topics.dispatcherGroup(entry.getKey()));
            detail.put("consumers", entry.getValue().members());
            detail.put("waiting", entry.getValue().waiting());
            if (entry.getValue().members() == 0) {
                detail.put(
                        "problem",
                        "no dispatcher serves " + entry.getKey().id()
                                + ": its signed requests wait until one runs with it in herald.dispatcher.providers");
                unserved = true;
            }
            providers.put(entry.getKey().id(), detail);
        }
        Health.Builder health = state.failure() != null
                ? Health.unknown().withDetail("failure", state.failure())
                : unserved ? Health.status(new Status(UNSERVED)) : Health.up();
        return health.withDetail("checkedAt", state.checkedAt().toString())
                .withDetail("providers", providers)
                .build();
    }
}
