package io.herald.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contract.provider.Provider;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DispatcherPropertiesTest {

    private static final DispatcherProperties.PacingSettings PACING =
            new DispatcherProperties.PacingSettings(Duration.ofSeconds(10));
    private static final DispatcherProperties.OrderingSettings ORDERING =
            new DispatcherProperties.OrderingSettings(1000, Duration.ofSeconds(1), Duration.ofSeconds(30));

    private static DispatcherProperties properties(List<String> providers, Duration requestTimeout, String instanceId) {
        return new DispatcherProperties(
                providers,
                5,
                Duration.ofHours(24),
                Duration.ofSeconds(5),
                requestTimeout,
                instanceId,
                java.net.URI.create("http://127.0.0.1:8082"),
                null,
                Duration.ofSeconds(5),
                java.util.Map.of(),
                java.util.Map.of(),
                Duration.ofSeconds(1),
                0.2,
                defaultCircuit(),
                64,
                Duration.ofSeconds(60),
                PACING,
                ORDERING);
    }

    private static DispatcherProperties withSignerToken(String signerToken) {
        return new DispatcherProperties(
                List.of(),
                5,
                Duration.ofHours(24),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                "d",
                java.net.URI.create("http://127.0.0.1:8082"),
                signerToken,
                Duration.ofSeconds(5),
                java.util.Map.of(),
                java.util.Map.of(),
                Duration.ofSeconds(1),
                0.2,
                defaultCircuit(),
                64,
                Duration.ofSeconds(60),
                PACING,
                ORDERING);
    }

    static DispatcherProperties.CircuitBreakerSettings defaultCircuit() {
        return new DispatcherProperties.CircuitBreakerSettings(
                50, 80, Duration.ofSeconds(5), 20, 5, Duration.ofSeconds(30), 2);
    }

    @Test
    void publishedRatesApplyUnlessConfigured() {
        DispatcherProperties properties = new DispatcherProperties(
                List.of("dingtalk"),
                5,
                Duration.ofHours(24),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                "d",
                java.net.URI.create("http://127.0.0.1:8082"),
                null,
                Duration.ofSeconds(5),
                java.util.Map.of(),
                java.util.Map.of("wecom", 10),
                Duration.ofSeconds(1),
                0.2,
                defaultCircuit(),
                64,
                Duration.ofSeconds(60),
                PACING,
                ORDERING);

        assertThat(properties.defaultRatePerMinute(Provider.of("dingtalk"))).isEqualTo(20);
        assertThat(properties.defaultRatePerMinute(Provider.of("feishu"))).isEqualTo(100);
        assertThat(properties.defaultRatePerMinute(Provider.of("wecom"))).isEqualTo(10);
        assertThat(properties.defaultRatePerMinute(Provider.of("webhook"))).isZero();
    }

    @Test
    void resignMarginForUnknownProviderFailsNamingTheProperty() {
        assertThatThrownBy(() -> new DispatcherProperties(
                        List.of("dingtalk"),
                        5,
                        Duration.ofHours(24),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        "d",
                        java.net.URI.create("http://127.0.0.1:8082"),
                        null,
                        Duration.ofSeconds(5),
                        java.util.Map.of("telegram", Duration.ofMinutes(1)),
                        java.util.Map.of(),
                        Duration.ofSeconds(1),
                        0.2,
                        defaultCircuit(),
                        64,
                        Duration.ofSeconds(60),
                        PACING,
                        ORDERING))
                .hasMessageStartingWith("herald.dispatcher.resign-margin.telegram: unknown provider 'telegram'");
    }

    @Test
    void signerTokenIsAReferenceAndAPastedValueIsRefusedWithoutEchoingIt() {
        assertThat(withSignerToken(" env:HERALD_SERVICE_TOKEN ").signerToken()).isEqualTo("env:HERALD_SERVICE_TOKEN");
        assertThat(withSignerToken("file:/run/secrets/herald-signer").signerToken())
                .isEqualTo("file:/run/secrets/herald-signer");
        assertThat(withSignerToken(" ").signerToken()).isNull();

        assertThatThrownBy(() -> withSignerToken("Zt8pasted-token-value"))
                .hasMessage("herald.dispatcher.signer-token must be a reference, env:VARIABLE or file:/path (the value"
                        + " itself is not accepted)");
    }

    @Test
    void providersAreReadByIdInOrderWithoutDuplicates() {
        DispatcherProperties properties =
                properties(List.of("dingtalk", "feishu", "dingtalk"), Duration.ofSeconds(10), "d-1");

        assertThat(properties.providerList()).containsExactly(Provider.of("dingtalk"), Provider.of("feishu"));
    }

    @Test
    void withoutConfiguredProvidersEveryRegisteredProviderIsServed() {
        // channels of any provider may be created while the dispatcher runs: its containers are made at start
        assertThat(properties(List.of(), Duration.ofSeconds(10), "d-1").servedProviders())
                .containsExactlyElementsOf(Provider.all())
                .contains(Provider.of("dingtalk"), Provider.of("webhook"), Provider.of("tencentcloud"));
        assertThat(properties(List.of("feishu"), Duration.ofSeconds(10), "d-1").servedProviders())
                .containsExactly(Provider.of("feishu"));
    }

    @Test
    void unknownProviderFailsNamingTheProperty() {
        assertThatThrownBy(() -> properties(List.of("dingtalk", "telegram"), Duration.ofSeconds(10), ""))
                .hasMessageStartingWith("herald.dispatcher.providers: unknown provider 'telegram'; known: dingtalk");
    }

    @Test
    void nonPositiveTimeoutFailsNamingTheProperty() {
        assertThatThrownBy(() -> properties(List.of("dingtalk"), Duration.ZERO, ""))
                .hasMessage("herald.dispatcher.request-timeout must be positive, was PT0S");
    }

    @Test
    void blankInstanceIdBecomesHostAndPid() {
        assertThat(properties(List.of("dingtalk"), Duration.ofSeconds(10), " ").instanceId())
                .endsWith("-" + ProcessHandle.current().pid())
                .hasSizeGreaterThan(
                        String.valueOf(ProcessHandle.current().pid()).length() + 1);
    }

    @Test
    void explicitInstanceIdIsKept() {
        assertThat(properties(List.of("dingtalk"), Duration.ofSeconds(10), "dispatcher-a")
                        .instanceId())
                .isEqualTo("dispatcher-a");
    }

    @Test
    void aWaitInLaneAsLongAsThePollDeadlineIsRefusedNamingBothSettings() {
        assertThatThrownBy(() -> new DispatcherProperties(
                        List.of(),
                        5,
                        Duration.ofHours(24),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        "d",
                        java.net.URI.create("http://127.0.0.1:8082"),
                        null,
                        Duration.ofSeconds(5),
                        java.util.Map.of(),
                        java.util.Map.of(),
                        Duration.ofSeconds(1),
                        0.2,
                        defaultCircuit(),
                        64,
                        Duration.ofSeconds(60),
                        new DispatcherProperties.PacingSettings(Duration.ofSeconds(60)),
                        ORDERING))
                .hasMessage("herald.dispatcher.pacing.max-wait-in-lane must be shorter than"
                        + " herald.dispatcher.poll-deadline (PT1M), was PT1M");
        assertThatThrownBy(() -> new DispatcherProperties.PacingSettings(Duration.ofSeconds(-1)))
                .hasMessage("herald.dispatcher.pacing.max-wait-in-lane must not be negative, was PT-1S");
    }
}
