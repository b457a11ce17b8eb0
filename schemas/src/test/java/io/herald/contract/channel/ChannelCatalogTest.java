package io.herald.contract.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The catalog as Spring Boot binds it from {@code config/channels.yml}. */
class ChannelCatalogTest {

    private static ChannelCatalog bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("herald", ChannelCatalog.class);
    }

    @Test
    void retryLimitsAreOptionalPerChannel() {
        ChannelCatalog catalog = bind(Map.of(
                "herald.channels.pager.provider", "webhook",
                "herald.channels.pager.endpoint", "https://hooks.example.com/pager",
                "herald.channels.pager.max-attempts", "12",
                "herald.channels.pager.max-age", "2h",
                "herald.channels.chat.provider", "slack",
                "herald.channels.chat.endpoint", "https://hooks.slack.com"));

        Channel pager = catalog.find("pager").orElseThrow();
        assertThat(pager.maxAttempts()).isEqualTo(12);
        assertThat(pager.maxAge()).isEqualTo(Duration.ofHours(2));
        Channel chat = catalog.find("chat").orElseThrow();
        assertThat(chat.maxAttempts()).isNull();
        assertThat(chat.maxAge()).isNull();
    }

    @Test
    void badRetryLimitsFailNamingTheChannelAndProperty() {
        assertThatThrownBy(() -> bind(Map.of(
                        "herald.channels.pager.provider", "webhook",
                        "herald.channels.pager.endpoint", "https://hooks.example.com/pager",
                        "herald.channels.pager.max-attempts", "0",
                        "herald.channels.pager.max-age", "0s")))
                .rootCause()
                .hasMessageContaining("herald.channels.pager.max-attempts: must be at least 1")
                .hasMessageContaining("herald.channels.pager.max-age: must be positive");
    }

    @Test
    void aRouteNamesItsFallbacksInOrder() {
        ChannelCatalog catalog = bind(Map.of(
                "herald.channels.dingtalk-ops.provider", "dingtalk",
                "herald.channels.dingtalk-ops.endpoint", "https://oapi.dingtalk.com/robot/send",
                "herald.channels.dingtalk-ops.fallbacks[0]", "wecom-ops",
                "herald.channels.dingtalk-ops.fallbacks[1]", "hooks-ops",
                "herald.channels.dingtalk-ops.fallback-after-open", "5m",
                "herald.channels.wecom-ops.provider", "slack",
                "herald.channels.wecom-ops.endpoint", "https://hooks.slack.com",
                "herald.channels.hooks-ops.provider", "webhook",
                "herald.channels.hooks-ops.endpoint", "https://hooks.example.com/ops"));

        Channel primary = catalog.find("dingtalk-ops").orElseThrow();
        assertThat(primary.fallbacks()).containsExactly("wecom-ops", "hooks-ops");
        assertThat(primary.fallbackAfterOpen()).isEqualTo(Duration.ofMinutes(5));
        assertThat(catalog.find("wecom-ops").orElseThrow().fallbacks()).isEmpty();
    }

    @Test
    void aBadRouteFailsNamingEachProblem() {
        assertThatThrownBy(() -> bind(Map.of(
                        "herald.channels.dingtalk-ops.provider", "dingtalk",
                        "herald.channels.dingtalk-ops.endpoint", "https://oapi.dingtalk.com/robot/send",
                        "herald.channels.dingtalk-ops.fallbacks[0]", "dingtalk-ops",
                        "herald.channels.dingtalk-ops.fallbacks[1]", "nowhere",
                        "herald.channels.dingtalk-ops.fallbacks[2]", "nowhere",
                        "herald.channels.dns.provider", "webhook",
                        "herald.channels.dns.endpoint", "https://hooks.example.com/dns",
                        "herald.channels.dns.fallback-after-open", "0s")))
                .rootCause()
                .hasMessageContaining("herald.channels.dingtalk-ops.fallbacks: a channel cannot fall back to itself")
                .hasMessageContaining("herald.channels.dingtalk-ops.fallbacks: no channel named 'nowhere'")
                .hasMessageContaining("herald.channels.dingtalk-ops.fallbacks: 'nowhere' is named twice")
                .hasMessageContaining("herald.channels.dns.fallback-after-open: must be positive");
        // chat only, tenants: ChannelApiIT (the audit service knows every provider)
    }

    @Test
    void anOrderedChannelBindsFromTheSeedFileInItsSpelling() {
        ChannelCatalog catalog = bind(Map.of(
                "herald.channels.pager.provider", "webhook",
                "herald.channels.pager.endpoint", "https://hooks.example.com/pager",
                "herald.channels.pager.ordering", "strict",
                "herald.channels.pager.on-dead-letter", "stop",
                "herald.channels.chat.provider", "slack",
                "herald.channels.chat.endpoint", "https://hooks.slack.com"));

        Channel pager = catalog.find("pager").orElseThrow();
        assertThat(pager.ordering()).isEqualTo(Channel.Ordering.STRICT);
        assertThat(pager.onDeadLetter()).isEqualTo(Channel.OnDeadLetter.STOP);
        assertThat(pager.strictOrder()).isTrue();
        Channel chat = catalog.find("chat").orElseThrow();
        assertThat(chat.ordering()).isEqualTo(Channel.Ordering.NONE);
        assertThat(chat.onDeadLetter()).isEqualTo(Channel.OnDeadLetter.RELEASE);
    }

    @Test
    void stopWithoutOrderingFailsNamingTheChannelAndProperty() {
        assertThatThrownBy(() -> bind(Map.of(
                        "herald.channels.pager.provider", "webhook",
                        "herald.channels.pager.endpoint", "https://hooks.example.com/pager",
                        "herald.channels.pager.on-dead-letter", "stop")))
                .rootCause()
                .hasMessageContaining("herald.channels.pager.on-dead-letter: stop needs ordering strict");
    }
}
