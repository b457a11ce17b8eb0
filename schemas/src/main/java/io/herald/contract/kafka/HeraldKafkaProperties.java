package io.herald.contract.kafka;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Kafka settings every Herald service shares.
 *
 * @param registryUrl Apicurio Registry core API v3, e.g. {@code http://127.0.0.1:8081/apis/registry/v3}
 * @param topicPrefix prepended to every topic name
 * @param partitions partitions of each topic Herald creates
 * @param replicationFactor replication factor of each topic Herald creates
 * @param minInsyncReplicas {@code min.insync.replicas} of each topic Herald creates: how many replicas must have a
 *     record before an {@code acks=all} write succeeds (e.g. 2 of 3, so one broker may be down and nothing
 *     acknowledged lives on one disk only); at most {@code replication-factor}
 * @param retryTiers delays of the retry tiers, shortest first
 * @param sendTimeout how long a service waits for the broker to acknowledge what it wrote (for a batch listener:
 *     everything one poll produced, together) before the input is retried. The producer's
 *     {@code delivery.timeout.ms} is derived from it ({@link #deliveryTimeout()}), so a record reported as not
 *     written is abandoned by the producer too, never written later behind the caller's back.
 * @param registryTimeout the longest one call to the schema registry may take (connect, and request): a registry that
 *     does not answer fails the call, and the record is retried, instead of holding a consumer or producer for good
 */
@Validated
@ConfigurationProperties("herald.kafka")
public record HeraldKafkaProperties(
        @NotBlank String registryUrl,
        @DefaultValue("") String topicPrefix,
        @DefaultValue("6") @Min(1) int partitions,
        @DefaultValue("1") @Min(1) short replicationFactor,
        @DefaultValue("1") @Min(1) int minInsyncReplicas,
        @DefaultValue({"10s", "1m", "10m", "1h"}) @NotEmpty List<Duration> retryTiers,
        @DefaultValue("35s") @DurationMin(seconds = 10) Duration sendTimeout,
        @DefaultValue("5s") @DurationMin(millis = 100) Duration registryTimeout) {

    public HeraldKafkaProperties {
        if (minInsyncReplicas > replicationFactor) {
            // no write could ever be acknowledged: every acks=all send would fail with NotEnoughReplicas
            throw new IllegalArgumentException("herald.kafka.min-insync-replicas (" + minInsyncReplicas
                    + ") must not exceed herald.kafka.replication-factor (" + replicationFactor + ")");
        }
    }

    /** How much sooner than {@link #sendTimeout} the producer gives up on a record. */
    static final Duration DELIVERY_MARGIN = Duration.ofSeconds(5);

    /** The producer's {@code delivery.timeout.ms}: {@link #sendTimeout} less {@link #DELIVERY_MARGIN}. */
    public Duration deliveryTimeout() {
        return sendTimeout.minus(DELIVERY_MARGIN);
    }
}
