package io.herald.dispatcher.resign;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.provider.Provider;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FreshnessTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void defaultMarginIsATenthOfTheWindowButAtLeastThirtySeconds() {
        assertThat(Freshness.defaultMargin(Provider.of("dingtalk"))).isEqualTo(Duration.ofMinutes(6));
        assertThat(Freshness.defaultMargin(Provider.of("tencentcloud"))).isEqualTo(Duration.ofSeconds(30));
        assertThat(Freshness.defaultMargin(Provider.of("webhook"))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void untimedProvidersHaveNoMargin() {
        assertThat(Freshness.defaultMargin(Provider.of("slack"))).isZero();
        assertThat(Freshness.defaultMargin(Provider.of("wecom"))).isZero();
    }

    @Test
    void requestInsideTheMarginIsStale() {
        Freshness freshness = new Freshness(Map.of());

        assertThat(freshness.isStale(Provider.of("dingtalk"), NOW.plus(Duration.ofMinutes(5)), NOW))
                .isTrue();
        assertThat(freshness.isStale(Provider.of("dingtalk"), NOW.plus(Duration.ofMinutes(7)), NOW))
                .isFalse();
    }

    @Test
    void configuredMarginWins() {
        Freshness freshness = new Freshness(Map.of(Provider.of("tencentcloud"), Duration.ofMinutes(2)));

        assertThat(freshness.isStale(Provider.of("tencentcloud"), NOW.plus(Duration.ofSeconds(90)), NOW))
                .isTrue();
        assertThat(freshness.margin(Provider.of("dingtalk"))).isEqualTo(Duration.ofMinutes(6));
    }
}
