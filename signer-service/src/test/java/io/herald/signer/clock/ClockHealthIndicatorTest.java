package io.herald.signer.clock;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelCatalog;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.signer.Fixtures;
import io.herald.signer.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class ClockHealthIndicatorTest {

    private final MutableClock host = new MutableClock(Instant.parse("2026-01-01T02:00:00Z"));
    private final TrustedClock clock = new TrustedClock(host, ClockProperties.defaults());
    private final ChannelCatalog catalog = new ChannelCatalog(Map.of(
            "ops",
            Fixtures.dingTalkChannel(),
            "wx",
            new Channel(
                    "wecom",
                    URI.create("https://qyapi.weixin.qq.com/cgi-bin/webhook/send"),
                    Map.of("key", "env:K"),
                    null,
                    null)));
    private final ClockHealthIndicator health = new ClockHealthIndicator(clock, ChannelDirectory.fixed(catalog));

    @Test
    void downWhileAConfiguredProviderCannotBeSignedNamingWhy() {
        clock.failed("sntp:ntp:123", "SocketTimeoutException: Receive timed out");

        Health down = health.health();

        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("boundSeconds", "unknown");
        assertThat(down.getDetails().get("providers").toString())
                .contains("dingtalk", "signable=false", "no time source reachable", "wecom", "signable=true");
        assertThat(down.getDetails().get("sources").toString()).contains("SocketTimeoutException: Receive timed out");
    }

    @Test
    void upWithOffsetBoundSourcesAndTheHostClockNamed() {
        clock.record(new ClockSample("sntp:ntp:123", Duration.ofSeconds(-7212), Duration.ofMillis(4), host.instant()));

        Health up = health.health();

        assertThat(up.getStatus()).isEqualTo(Status.UP);
        assertThat(up.getDetails())
                .containsEntry("offsetSeconds", -7212.0)
                .containsEntry("host", "host clock is 7212 s ahead of true time")
                .containsEntry("trueTime", "2025-12-31T23:59:48Z");
        assertThat(up.getDetails().get("sources").toString()).contains("sntp:ntp:123", "offsetSeconds=-7212.0");
    }

    @Test
    void metricsShowOffsetBoundAndPerSourceOffset() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ClockMetrics metrics = new ClockMetrics(clock, meters);
        clock.onSample(metrics::refreshSources);

        assertThat(meters.get("herald.signer.clock.bound").gauge().value()).isEqualTo(Double.POSITIVE_INFINITY);
        clock.record(new ClockSample("sntp:ntp:123", Duration.ofSeconds(-30), Duration.ofMillis(4), host.instant()));
        metrics.refused(io.herald.contract.provider.Provider.of("tencentcloud"));

        assertThat(meters.get("herald.signer.clock.offset").gauge().value()).isEqualTo(-30.0);
        assertThat(meters.get("herald.signer.clock.bound").gauge().value()).isEqualTo(0.009);
        assertThat(meters.get("herald.signer.clock.source.offset")
                        .tag("source", "sntp:ntp:123")
                        .gauge()
                        .value())
                .isEqualTo(-30.0);
        assertThat(meters.get("herald.signer.clock.refusals")
                        .tag("provider", "tencentcloud")
                        .counter()
                        .count())
                .isEqualTo(1);
    }
}
