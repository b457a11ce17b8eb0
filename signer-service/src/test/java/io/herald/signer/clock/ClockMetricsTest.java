package io.herald.signer.clock;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.provider.Provider;
import io.herald.signer.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClockMetricsTest {

    @Test
    void everyRefusalIsCountedUnderItsProvider() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ClockMetrics metrics = new ClockMetrics(
                new TrustedClock(new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), ClockProperties.defaults()),
                meters);

        metrics.expect(Provider.of("dingtalk"));
        metrics.refused(Provider.of("tencentcloud"));
        metrics.refused(Provider.of("webhook"));
        metrics.refused(Provider.of("tencentcloud"));

        assertThat(meters.get("herald.signer.clock.refusals")
                        .tag("provider", "tencentcloud")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(meters.get("herald.signer.clock.refusals")
                        .tag("provider", "webhook")
                        .counter()
                        .count())
                .isEqualTo(1);
        // an expected provider is shown at 0 before its first refusal, so rates and alerts work from the start
        assertThat(meters.get("herald.signer.clock.refusals")
                        .tag("provider", "dingtalk")
                        .counter()
                        .count())
                .isZero();
    }
}
