package io.herald.contract.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/** A follower of a compacted topic: the service's brokers, none of its group or batching settings. */
class FollowerConfigTest {

    @Test
    void aFollowerHasNoGroupAndDoesNotWaitForFullFetches() {
        Map<String, Object> config = HeraldChannelsAutoConfiguration.followerConfig(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        "broker:9092",
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "herald-audit",
                        ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
                        65_536,
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        100),
                "herald-audit",
                "ordering");

        assertThat(config)
                .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1)
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "herald-audit-ordering")
                .doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG);
    }
}
