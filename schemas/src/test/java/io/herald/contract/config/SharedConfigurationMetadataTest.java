package io.herald.contract.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The shared {@code herald.*} records (Kafka, security, sealing, the channel catalog) get metadata from this build. */
class SharedConfigurationMetadataTest {

    @Test
    void everySharedRecordHasMetadataGeneratedByThisModule() throws Exception {
        assertThat(ConfigurationMetadata.ownProperties())
                .contains(
                        "herald.kafka.registry-url",
                        "herald.kafka.topic-prefix",
                        "herald.kafka.retry-tiers",
                        "herald.security.tokens",
                        "herald.security.cors-allowed-origins",
                        "herald.security.jwt.roles-claim",
                        "herald.sealing.active-key",
                        "herald.channels",
                        "herald.channels-file",
                        "herald.live-channels.follow",
                        "herald.live-channels.start-timeout");
    }

    @Test
    void aKeyNoRecordDescribesIsReported() {
        var properties = java.util.Set.of("herald.security.tokens", "herald.kafka.topic-prefix");

        assertThat(ConfigurationMetadata.undescribed(
                        java.util.Set.of(
                                "herald.security.tokens.publisher.secret",
                                "herald.kafka.topic-prefix",
                                "herald.kafka.topic-prefixes"),
                        properties))
                .containsExactly("herald.kafka.topic-prefixes");
    }
}
