package io.herald.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contract.Provider;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DispatcherPropertiesTest {

    private static DispatcherProperties properties(List<String> providers, Duration requestTimeout, String instanceId) {
        return new DispatcherProperties(providers, 5, Duration.ofHours(24), Duration.ofSeconds(5), requestTimeout,
                Duration.ofSeconds(30), instanceId);
    }

    @Test
    void providersAreReadByIdInOrderWithoutDuplicates() {
        DispatcherProperties properties = properties(List.of("dingtalk", "feishu", "dingtalk"), Duration.ofSeconds(10), "d-1");

        assertThat(properties.providerList()).containsExactly(Provider.DINGTALK, Provider.FEISHU);
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
                .hasSizeGreaterThan(String.valueOf(ProcessHandle.current().pid()).length() + 1);
    }

    @Test
    void explicitInstanceIdIsKept() {
        assertThat(properties(List.of("dingtalk"), Duration.ofSeconds(10), "dispatcher-a").instanceId())
                .isEqualTo("dispatcher-a");
    }
}
