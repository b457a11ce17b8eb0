package io.herald.contract.kafka;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Listener-container, tracing and health-probe defaults for every Herald service, added with the lowest precedence so a
 * service's {@code application.yml}, the command line or the environment still override them. A service that sets a
 * probe group's {@code include} replaces the list: it names these components again.
 */
public class HeraldListenerDefaults implements EnvironmentPostProcessor {

    static final Map<String, Object> DEFAULTS = Map.ofEntries(
            // processed offsets committed every 200 ms or 2,000 records, not per poll: a commit is a synchronous broker
            // round trip on the consumer thread (docs/performance.md). At-least-once holds: a rebalance or stop commits
            // the pending ones, a crash redelivers at most that much (idempotency keys and audit event keys absorb
            // it). The dispatcher (per poll) and the signer's retry tiers (per record) set their own ack mode in code.
            Map.entry("spring.kafka.listener.ack-mode", "count_time"),
            Map.entry("spring.kafka.listener.ack-time", "200ms"),
            Map.entry("spring.kafka.listener.ack-count", "2000"),
            // a consumer that has not returned to poll for 24 poll timeouts (120 s) is reported every 10 s: longer than
            // a listener may rightly hold its thread while the broker or a database is down (a send timeout, 35 s, plus
            // the error handler's back-off, up to 30 s in ingest and 1 min in the signer), so an outage does not make a
            // service unready, while a consumer stuck for good (issue 15: in a registry call) does
            Map.entry("spring.kafka.listener.monitor-interval", "10s"),
            Map.entry("spring.kafka.listener.no-poll-threshold", "24"),
            // Kubernetes probe groups (io.herald.contract.health): liveness turns DOWN only for what a restart cures,
            // never for a broker or database outage. Details name consumers, topics and times, never a secret.
            Map.entry("management.endpoint.health.probes.enabled", "true"),
            Map.entry("management.endpoint.health.show-components", "always"),
            Map.entry(
                    "management.endpoint.health.group.readiness.include",
                    "readinessState,kafkaConsumers,kafkaProducer,channels"),
            Map.entry("management.endpoint.health.group.readiness.show-details", "always"),
            Map.entry("management.endpoint.health.group.liveness.include", "livenessState,kafkaThreads"),
            Map.entry("management.endpoint.health.group.liveness.show-details", "always"),
            // tracing (io.herald.contract.tracing): the templates observe every send, so the W3C trace context rides in
            // the record's headers; record listeners are observed by their container, batch listeners per record by
            // RecordTracing. No trace is sampled unless asked (management.tracing.sampling.probability, with
            // management.tracing.export.zipkin.endpoint): a service without a trace backend must not log a failed
            // export every few seconds. Trace ids are made, carried and shown (audit timeline, logs) either way.
            // (Spring Boot ties propagation to export being enabled, so export itself stays on.)
            Map.entry("spring.kafka.template.observation-enabled", "true"),
            Map.entry("spring.kafka.listener.observation-enabled", "true"),
            Map.entry("management.tracing.sampling.probability", "0.0"),
            // Herald carries no baggage: no baggage header to write and parse on every record
            Map.entry("management.tracing.baggage.enabled", "false"),
            // observations are timed (RecordsUntimed: not the per-record ones), never as long-task timers nobody reads
            Map.entry("management.metrics.observations.ignored-meters", "long-task-timer"),
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
