package io.herald.audit.timeline;

import static io.herald.audit.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.herald.audit.dispatchers.UnservedProviders;
import io.herald.audit.dispatchers.UnservedProvidersFixture;
import io.herald.audit.store.AuditStore;
import io.herald.audit.store.EventRecord;
import io.herald.audit.store.NotificationRecord;
import io.herald.audit.store.NotificationStatus;
import io.herald.contract.provider.Provider;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * GET /v1/notifications/{id} as {@link NotificationQuery} answers it when the broker says (or cannot say) that no
 * dispatcher serves the notification's provider. The store only hands over rows.
 */
class NotificationQueryTest {

    private static final Instant CHECKED = T0.plusSeconds(90);
    private static final String REASON =
            "no running dispatcher serves provider webhook: consumer group herald-dispatcher-webhook has no members";

    private final AuditStore store = mock(AuditStore.class);
    private final AtomicReference<Object> broker = new AtomicReference<>(membersOfEveryGroupButWebhook());
    private final UnservedProviders unserved = UnservedProvidersFixture.answering(
            () -> {
                if (broker.get() instanceof Exception failure) {
                    throw failure;
                }
                @SuppressWarnings("unchecked")
                Map<Provider, Integer> members = (Map<Provider, Integer>) broker.get();
                return members;
            },
            Clock.fixed(CHECKED, ZoneOffset.UTC));
    private final NotificationQuery query = new NotificationQuery(store, unserved);

    @Test
    void anAcceptedNotificationOfAProviderNoDispatcherServesEndsItsTimelineWaiting() {
        stored("n-1", "webhook", NotificationStatus.ACCEPTED);
        UnservedProvidersFixture.check(unserved);

        NotificationView view = query.find("n-1").orElseThrow();

        TimelineEntry.Waiting waiting =
                new TimelineEntry.Waiting(CHECKED, "webhook", "herald-dispatcher-webhook", REASON);
        assertThat(view.timeline()).containsExactly(new TimelineEntry.Accepted(T0, "HTTP"), waiting);
        assertThat(view.waiting()).isEqualTo(waiting);
    }

    @Test
    void aRetryingNotificationWaitsToo() {
        stored("n-1", "webhook", NotificationStatus.RETRYING);
        UnservedProvidersFixture.check(unserved);

        assertThat(query.find("n-1").orElseThrow().timeline().getLast()).isInstanceOf(TimelineEntry.Waiting.class);
    }

    @ParameterizedTest
    @EnumSource(
            value = NotificationStatus.class,
            names = {"DELIVERED", "DEAD_LETTERED", "REJECTED"})
    void aFinalNotificationIsNeverShownWaiting(NotificationStatus status) {
        stored("n-1", "webhook", status);
        UnservedProvidersFixture.check(unserved);

        NotificationView view = query.find("n-1").orElseThrow();

        assertThat(view.waiting()).isNull();
        assertThat(view.timeline()).noneMatch(TimelineEntry.Waiting.class::isInstance);
    }

    @Test
    void aBrokerThatCannotBeAskedShowsNoWaitingEvenAfterItSaidSoBefore() {
        stored("n-1", "webhook", NotificationStatus.ACCEPTED);
        UnservedProvidersFixture.check(unserved);
        assertThat(query.find("n-1").orElseThrow().waiting()).isNotNull();
        broker.set(new TimeoutException("Timed out waiting for a node assignment. Call: describeConsumerGroups"));

        UnservedProvidersFixture.check(unserved);
        NotificationView view = query.find("n-1").orElseThrow();

        assertThat(view.waiting()).isNull();
        assertThat(view.timeline()).containsExactly(new TimelineEntry.Accepted(T0, "HTTP"));
    }

    @Test
    void beforeTheFirstLookAtTheBrokerNothingIsShownWaiting() {
        stored("n-1", "webhook", NotificationStatus.ACCEPTED);

        assertThat(query.find("n-1").orElseThrow().waiting()).isNull();
    }

    @Test
    void aNotificationOfAServedProviderDoesNotWait() {
        stored("n-2", "dingtalk", NotificationStatus.ACCEPTED);
        UnservedProvidersFixture.check(unserved);

        NotificationView view = query.find("n-2").orElseThrow();

        assertThat(view.waiting()).isNull();
        assertThat(view.timeline()).containsExactly(new TimelineEntry.Accepted(T0, "HTTP"));
    }

    private void stored(String id, String provider, NotificationStatus status) {
        when(store.findNotification(id))
                .thenReturn(Optional.of(new NotificationRecord(
                        id, "hooks", provider, "acme", null, "HTTP", status, T0, null, null, null, 0, null, null, null,
                        null, T0, T0, T0, 0, null, null)));
        when(store.events(id)).thenReturn(List.of(EventRecord.accepted(id, T0, "HTTP")));
        when(store.statuses(any())).thenReturn(Map.of());
    }

    private static Map<Provider, Integer> membersOfEveryGroupButWebhook() {
        var members = new java.util.HashMap<Provider, Integer>();
        for (Provider provider : Provider.all()) {
            members.put(provider, provider == Provider.of("webhook") ? 0 : 1);
        }
        return members;
    }
}
