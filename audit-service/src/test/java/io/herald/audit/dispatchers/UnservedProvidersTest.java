package io.herald.audit.dispatchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.audit.dispatchers.UnservedProviders.Unserved;
import io.herald.contract.provider.Provider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class UnservedProvidersTest {

    private static final Instant CHECKED = Instant.parse("2026-12-06T12:00:00Z");

    private final AtomicReference<Object> broker = new AtomicReference<>();
    private final AtomicReference<List<Provider>> asked = new AtomicReference<>();
    private final UnservedProviders unserved = new UnservedProviders(
            providers -> {
                asked.set(providers);
                if (broker.get() instanceof Exception failure) {
                    throw failure;
                }
                @SuppressWarnings("unchecked")
                Map<Provider, Integer> members = (Map<Provider, Integer>) broker.get();
                return members;
            },
            Duration.ofSeconds(15),
            Clock.fixed(CHECKED, ZoneOffset.UTC));

    @Test
    void aProviderWhoseDispatcherGroupHasNoMembersIsUnservedAsOfTheCheck() {
        broker.set(everyProviderServedBut(Provider.of("webhook")));

        unserved.check();

        Unserved webhook = unserved.unserved("webhook").orElseThrow();
        assertThat(webhook.provider()).isEqualTo(Provider.of("webhook"));
        assertThat(webhook.checkedAt()).isEqualTo(CHECKED);
        assertThat(webhook.consumerGroup()).isEqualTo("herald-dispatcher-webhook");
        assertThat(webhook.reason())
                .isEqualTo("no running dispatcher serves provider webhook: consumer group "
                        + "herald-dispatcher-webhook has no members");
        assertThat(unserved.unserved("dingtalk")).isEmpty();
    }

    @Test
    void everyProviderIsAskedAbout() {
        broker.set(everyProviderServedBut());

        unserved.check();

        assertThat(asked.get()).containsExactlyInAnyOrderElementsOf(Provider.all());
        assertThat(Provider.all())
                .allSatisfy(p -> assertThat(unserved.unserved(p.id())).isEmpty());
    }

    @Test
    void beforeTheFirstCheckNoProviderIsUnserved() {
        assertThat(unserved.unserved("webhook")).isEmpty();
    }

    @Test
    void aBrokerThatCannotBeAskedClaimsNothingNotEvenTheLastAnswer() {
        broker.set(everyProviderServedBut(Provider.of("webhook")));
        unserved.check();
        broker.set(new TimeoutException("Timed out waiting for a node assignment. Call: describeConsumerGroups"));

        unserved.check();

        assertThat(unserved.unserved("webhook")).isEmpty();
    }

    @Test
    void aProviderServedAgainIsNoLongerUnserved() {
        broker.set(everyProviderServedBut(Provider.of("webhook")));
        unserved.check();
        broker.set(everyProviderServedBut());

        unserved.check();

        assertThat(unserved.unserved("webhook")).isEmpty();
    }

    @Test
    void anUnknownOrMissingProviderIsNeverUnserved() {
        broker.set(everyProviderServedBut(Provider.all().toArray(Provider[]::new)));
        unserved.check();

        assertThat(unserved.unserved("carrier-pigeon")).isEmpty();
        assertThat(unserved.unserved(null)).isEmpty();
        assertThat(unserved.unserved("slack")).isPresent();
    }

    @Test
    void checkIntervalMustBePositiveAndIsNamedWhenItIsNot() {
        assertThatThrownBy(() -> new DispatchersConfiguration.Settings(Duration.ZERO))
                .hasMessage("herald.audit.dispatchers.check-interval must be positive, was PT0S");
        assertThatThrownBy(() -> new DispatchersConfiguration.Settings(Duration.ofSeconds(-1)))
                .hasMessageStartingWith("herald.audit.dispatchers.check-interval must be positive");
        assertThat(new DispatchersConfiguration.Settings(Duration.ofSeconds(15)).checkInterval())
                .isEqualTo(Duration.ofSeconds(15));
    }

    /** The broker's answer: one consumer in every provider's group except those named. */
    private static Map<Provider, Integer> everyProviderServedBut(Provider... unserved) {
        List<Provider> none = List.of(unserved);
        return Provider.all().stream().collect(Collectors.toMap(Function.identity(), p -> none.contains(p) ? 0 : 1));
    }
}
