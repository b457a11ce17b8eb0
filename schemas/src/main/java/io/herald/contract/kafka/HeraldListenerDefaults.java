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
 */
public class HeraldListenerDefaults implements EnvironmentPostProcessor {

    static final Map<String, Object> DEFAULTS = Map.of(
            "spring.kafka.listener.ack-mode", "count_time",
            "spring.kafka.listener.ack-time", "200ms",
            "spring.kafka.listener.ack-count", "2000",
            // topics Herald declares get their configuration brought up to date (message.timestamp.type)
            "spring.kafka.admin.modify-topic-configs", "true",
            // the registry client logs every failed lookup as an ERROR with a stack trace; the deserializer reports
            // the failure once, with its reason (HeraldAvroDeserializer, MalformedRecords)
            "logging.level.io.apicurio.registry.resolver.cache.ERCache", "OFF");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("herald-listener-defaults", DEFAULTS));
    }
}
