package io.herald.ingest.intake;

import io.herald.contract.tracing.RecordTrace;
import io.herald.ingest.IngestProperties;
import io.herald.ingest.idempotency.IdempotencyLedger;
import io.herald.ingest.idempotency.IdempotencyLedger.Holder;
import io.herald.ingest.publish.OutcomePublisher;
import io.herald.schema.AcceptedNotification;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way in for every request, from herald.requests ({@link #submitAll}) and HTTP ({@link #submit}) alike:
 * validates ({@link IntakeDecider}), de-duplicates against the {@link IdempotencyLedger} and writes the outcome to
 * herald.accepted or herald.rejected, returning only after the broker acknowledged it. A key is taken in the
 * transaction that publishes and committed after the acknowledgement: a failed publish leaves it free for a retry, a
 * crash between acknowledgement and commit gives a duplicate (at-least-once).
 */
@Service
public class IntakeService {

    private final IntakeDecider decider;
    private final PollIntake poll;
    private final IdempotencyLedger ledger;
    private final OutcomePublisher publisher;
    private final TransactionTemplate transactions;
    private final Duration httpDatabaseTimeout;

    public IntakeService(
            RequestValidator validator,
            IdempotencyLedger ledger,
            OutcomePublisher publisher,
            PlatformTransactionManager transactionManager,
            Clock clock,
            IngestProperties properties) {
        this.decider = new IntakeDecider(validator, clock, properties);
        this.poll = new PollIntake(decider, ledger, publisher, transactionManager);
        this.ledger = ledger;
        this.publisher = publisher;
        this.transactions = new TransactionTemplate(transactionManager);
        this.httpDatabaseTimeout = properties.httpDatabaseTimeout();
    }

    /**
     * Decides and writes the outcome of one HTTP request, with short waits: each ledger statement at most
     * {@code herald.ingest.http-database-timeout}, the acknowledgement at most {@code herald.ingest.http-send-timeout}
     * ({@link OutcomePublisher#forHttp()}). A used key with the same request ({@link RequestFingerprint}) is a
     * {@link IntakeOutcome.Duplicate} of the original; with another request, a {@link IntakeOutcome.Conflict}.
     *
     * @throws io.herald.ingest.publish.PublishException when the outcome could not be written to Kafka
     * @throws io.herald.ingest.publish.OutcomeTooLargeException when the broker refused the outcome as too large
     * @throws org.springframework.dao.DataAccessException when the idempotency ledger is unavailable
     * @throws org.springframework.transaction.TransactionException when no transaction can be started on it
     */
    public IntakeOutcome submit(IntakeRequest request) {
        OutcomePublisher http = publisher.forHttp();
        IntakeOutcome outcome = switch (decider.decide(request)) {
            case IntakeDecision.Reject reject -> {
                http.publishRejected(reject.rejected());
                yield reject.outcome();
            }
            case IntakeDecision.Accept accept ->
                accept.key() == null ? publish(http, accept.accepted()) : acceptOnce(http, accept);
        };
        OutcomeLog.logOutcome(request, outcome);
        return outcome;
    }

    /**
     * Decides the outcomes of one poll of herald.requests and writes them, sending them all before waiting once for
     * the broker's acknowledgements. The idempotency keys of the poll are taken in one transaction and one statement
     * ({@link IdempotencyLedger#claimAll}); it commits after the acknowledgements, giving back the keys of requests
     * whose outcome was not acknowledged, so the same guarantees hold as for {@link #submit}: a key is kept only
     * when its notification was written. A key that appears twice in the poll is accepted once; the repeat is a
     * duplicate.
     *
     * @throws BatchListenerFailedException at the first request whose outcome was not written (broker or ledger
     *     unavailable); every request before it is written and its key kept
     */
    public void submitAll(List<IntakeRequest> requests) {
        submitAll(requests, requests.stream().map(request -> RecordTrace.none()).toList());
    }

    /**
     * As {@link #submitAll(List)}, each request's outcome written inside its record's trace (same order), so the
     * notification's trace continues the one its producer started.
     */
    public void submitAll(List<IntakeRequest> requests, List<RecordTrace> traces) {
        poll.submitAll(requests, traces);
    }

    private IntakeOutcome acceptOnce(OutcomePublisher http, IntakeDecision.Accept accept) {
        AcceptedNotification accepted = accept.accepted();
        return transactions.execute(status -> {
            ledger.limitWaits(httpDatabaseTimeout);
            Optional<Holder> original = ledger.claim(
                    accept.key(), accepted.getNotificationId(), accepted.getChannel(), accept.fingerprint());
            if (original.isEmpty()) {
                return publish(http, accepted); // a PublishException rolls back: the key stays free
            }
            if (original.get().sameRequest(accept.fingerprint())) {
                return new IntakeOutcome.Duplicate(original.get().notificationId());
            }
            return new IntakeOutcome.Conflict(
                    original.get().notificationId(),
                    accept.key().value(),
                    accept.request().idempotencyKey() != null ? "idempotencyKey" : "notificationId");
        });
    }

    private static IntakeOutcome publish(OutcomePublisher publisher, AcceptedNotification accepted) {
        publisher.publishAccepted(accepted);
        return new IntakeOutcome.Accepted(accepted.getNotificationId());
    }
}
