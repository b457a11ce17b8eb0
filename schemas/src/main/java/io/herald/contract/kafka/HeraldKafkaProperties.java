package io.herald.contract.kafka;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.List;
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
 * @param retryTiers delays of the retry tiers, shortest first
 */
@Validated
@ConfigurationProperties("herald.kafka")
public record HeraldKafkaProperties(
        @NotBlank String registryUrl,
        @DefaultValue("") String topicPrefix,
        @DefaultValue("6") @Min(1) int partitions,
        @DefaultValue("1") @Min(1) short replicationFactor,
        @DefaultValue({"10s", "1m", "10m", "1h"}) @NotEmpty List<Duration> retryTiers) {}
