package io.herald.contract.kafka;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Listener-container defaults for every Herald service, added with the lowest precedence so a service's
 * {@code application.yml}, the command line or the environment still override them.
 *
 * <p>Offsets of what was processed are committed every 200 ms (or 2,000 records), not after every poll: the
 * container commits with a synchronous broker round trip on the consumer thread, and at 1,000 notifications/s that
 * took the end-to-end p99 from 563-615 ms to 370-444 ms (docs/performance.md). At-least-once holds: only processed
 * offsets are committed, Spring Kafka commits the pending ones on a rebalance or a stop, and a crash redelivers at
 * most that much more (ingest's idempotency keys and the audit's event keys absorb it). Containers that commit
 * otherwise set their own ack mode in code: the dispatcher per poll, the signer's retry tiers per record.
 *
 * <p>Health ({@code io.herald.contract.health}): every container checks every 10 s whether its consumer returned to
 * poll within 9 poll timeouts (45 s with the 5 s default), so a consumer held longer is reported within 45-55 s. Probe
 * groups for Kubernetes: readiness ({@code /actuator/health/readiness}) is the application's readiness state plus
 * {@code kafkaConsumers} and {@code kafkaProducer}; liveness ({@code /actuator/health/liveness}) is the liveness state
 * plus {@code kafkaThreads}, which turns DOWN only for what a restart cures (a consumer thread ended or wedged past
 * {@code max.poll.interval.ms}, a producer whose sender thread died), never for a broker or database outage. Both
 * groups show their details (these components name consumers, topics and times, never a secret); elsewhere only
 * component names and states are shown unless a service says otherwise. A service that sets a group's
 * {@code include} replaces the list: it names these components again.
 */
public class HeraldListenerDefaults implements EnvironmentPostProcessor {

    static final Map<String, Object> DEFAULTS = Map.ofEntries(
            Map.entry("spring.kafka.listener.ack-mode", "count_time"),
            Map.entry("spring.kafka.listener.ack-time", "200ms"),
            Map.entry("spring.kafka.listener.ack-count", "2000"),
            // a consumer that has not returned to poll for 24 poll timeouts (120 s) is reported every 10 s: longer than
            // a listener may rightly hold its thread while the broker or a database is down (a send timeout, 35 s, plus
            // the error handler's back-off, up to 30 s in ingest and 1 min in the signer), so an outage does not make a
            // service unready, while a consumer stuck for good (issue 15: in a registry call) does
            Map.entry("spring.kafka.listener.monitor-interval", "10s"),
            Map.entry("spring.kafka.listener.no-poll-threshold", "24"),
            Map.entry("management.endpoint.health.probes.enabled", "true"),
            Map.entry("management.endpoint.health.show-components", "always"),
            Map.entry("management.endpoint.health.group.readiness.include", "readinessState,kafkaConsumers,kafkaProducer"),
            Map.entry("management.endpoint.health.group.readiness.show-details", "always"),
            Map.entry("management.endpoint.health.group.liveness.include", "livenessState,kafkaThreads"),
            Map.entry("management.endpoint.health.group.liveness.show-details", "always"),
            // topics Herald declares get their configuration brought up to date (message.timestamp.type)
            Map.entry("spring.kafka.admin.modify-topic-configs", "true"),
            // the registry client logs every failed lookup as an ERROR with a stack trace; the deserializer reports
            // the failure once, with its reason (HeraldAvroDeserializer, MalformedRecords)
            Map.entry("logging.level.io.apicurio.registry.resolver.cache.ERCache", "OFF"));

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("herald-listener-defaults", DEFAULTS));
    }
}
