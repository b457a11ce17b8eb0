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
}
