package io.herald.audit.store;

import static io.herald.audit.store.NotificationStatus.ACCEPTED;
import static io.herald.audit.store.NotificationStatus.DEAD_LETTERED;
import static io.herald.audit.store.NotificationStatus.DELIVERED;
import static io.herald.audit.store.NotificationStatus.REJECTED;
import static io.herald.audit.store.NotificationStatus.RETRYING;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.schema.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationStatusTest {

    @Test
    void aFirstEventSetsTheStatus() {
        assertThat(NotificationStatus.advance(null, RETRYING)).isEqualTo(RETRYING);
    }

    @Test
    void retryingOutranksAccepted() {
        assertThat(NotificationStatus.advance(ACCEPTED, RETRYING)).isEqualTo(RETRYING);
        assertThat(NotificationStatus.advance(RETRYING, ACCEPTED)).isEqualTo(RETRYING);
    }

    @Test
    void deliveryOutcomesOutrankEverythingElse() {
        for (NotificationStatus terminal : List.of(DELIVERED, DEAD_LETTERED)) {
            assertThat(terminal.isTerminal()).isTrue();
            assertThat(NotificationStatus.advance(REJECTED, terminal)).isEqualTo(terminal);
            assertThat(NotificationStatus.advance(terminal, REJECTED)).isEqualTo(terminal);
            assertThat(NotificationStatus.advance(ACCEPTED, terminal)).isEqualTo(terminal);
            assertThat(NotificationStatus.advance(RETRYING, terminal)).isEqualTo(terminal);
            assertThat(NotificationStatus.advance(terminal, ACCEPTED)).isEqualTo(terminal);
            assertThat(NotificationStatus.advance(terminal, RETRYING)).isEqualTo(terminal);
        }
        assertThat(REJECTED.isTerminal()).isTrue();
        assertThat(ACCEPTED.isTerminal()).isFalse();
        assertThat(RETRYING.isTerminal()).isFalse();
    }

    @Test
    void theFirstTerminalStatusStays() {
        assertThat(NotificationStatus.advance(DELIVERED, DEAD_LETTERED)).isEqualTo(DELIVERED);
        assertThat(NotificationStatus.advance(DEAD_LETTERED, DELIVERED)).isEqualTo(DEAD_LETTERED);
    }

    @Test
    void rejectionOfARequestReusingAnAcceptedIdDoesNotEndIt() {
        assertThat(NotificationStatus.advance(ACCEPTED, REJECTED)).isEqualTo(ACCEPTED);
        assertThat(NotificationStatus.advance(REJECTED, ACCEPTED)).isEqualTo(ACCEPTED);
        assertThat(NotificationStatus.advance(RETRYING, REJECTED)).isEqualTo(RETRYING);
        assertThat(NotificationStatus.advance(REJECTED, RETRYING)).isEqualTo(RETRYING);
    }

    @Test
    void rejectionAloneIsRejected() {
        assertThat(NotificationStatus.advance(null, REJECTED)).isEqualTo(REJECTED);
        assertThat(NotificationStatus.advance(REJECTED, REJECTED)).isEqualTo(REJECTED);
    }

    @Test
    void arrivalOrderDoesNotChangeTheEndStatus() {
        // accepted, attempt 1 rate-limited, attempt 2 re-signed, attempt 3 delivered — in every order
        List<NotificationStatus> events = List.of(ACCEPTED, RETRYING, RETRYING, DELIVERED);
        for (List<NotificationStatus> order : permutations(events)) {
            NotificationStatus status = null;
            for (NotificationStatus incoming : order) {
                status = NotificationStatus.advance(status, incoming);
            }
            assertThat(status).as("order %s", order).isEqualTo(DELIVERED);
        }
    }

    @Test
    void deliveredAttemptMeansDelivered() {
        assertThat(NotificationStatus.afterAttempt(Outcome.DELIVERED)).isEqualTo(DELIVERED);
    }

    @Test
    void retryableAndResignAttemptsMeanRetrying() {
        assertThat(NotificationStatus.afterAttempt(Outcome.RETRYABLE)).isEqualTo(RETRYING);
        assertThat(NotificationStatus.afterAttempt(Outcome.RESIGN)).isEqualTo(RETRYING);
    }

    @Test
    void permanentAttemptLeavesTheStatusToItsDeadLetter() {
        assertThat(NotificationStatus.afterAttempt(Outcome.PERMANENT)).isEqualTo(ACCEPTED);
    }

    @Test
    void everyOutcomeMapsToAStatus() {
        for (Outcome outcome : Outcome.values()) {
            assertThat(NotificationStatus.afterAttempt(outcome)).isNotNull();
        }
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T head = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> order = new ArrayList<>();
                order.add(head);
                order.addAll(tail);
                all.add(order);
            }
        }
        return all;
    }
}
