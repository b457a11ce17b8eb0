package io.herald.ingest.intake;

import io.herald.contract.channel.ChannelCatalog;
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
 * The one way in for every request, from herald.requests and from HTTP alike: validate ({@link IntakeDecider}),
 * de-duplicate, and write the outcome to herald.accepted or herald.rejected, returning only after the broker
 * acknowledged it.
 *
 * <p>De-duplication: a request with an idempotency key (or, lacking one, a caller-chosen notification id) is
 * accepted in one database transaction that takes the key in the {@link IdempotencyLedger} and publishes to
 * herald.accepted. The key is committed only after the broker's acknowledgement; a failed publish rolls back and
 * leaves the key free for a retry. A crash between acknowledgement and commit leaves a visible duplicate
 * (at-least-once). The ledger keeps the {@link RequestFingerprint} of the request that took the key: a repeat of the
 * key with the same request publishes nothing and is answered with the original id; with a different request it is a
 * conflict (HTTP: {@link IntakeOutcome.Conflict}, nothing written; Kafka: a rejection naming the conflict). An
 * idempotency key is unique within the request's tenant (HTTP: its credential's), so two tenants using the same key
 * get two notifications and never see each other's id; a caller's notification id used as the key is unique across
 * tenants ({@link IdempotencyLedger.Key}).
 *
 * <p>HTTP requests go through {@link #submit} one at a time, with short waits: the idempotency ledger's statements
 * at most {@code herald.ingest.http-database-timeout} each, the broker's acknowledgement at most
 * {@code herald.ingest.http-send-timeout} (through {@link OutcomePublisher#forHttp()}, whose producer gives up on a
 * record before that, so an outcome reported as not written is not written later). herald.requests is read a poll at
 * a time through {@link #submitAll} ({@link PollIntake}).
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
            ChannelCatalog catalog,
            IdempotencyLedger ledger,
            OutcomePublisher publisher,
            PlatformTransactionManager transactionManager,
            Clock clock,
            IngestProperties properties) {
        this.decider = new IntakeDecider(validator, catalog, clock, properties);
        this.poll = new PollIntake(decider, ledger, publisher, transactionManager);
        this.ledger = ledger;
        this.publisher = publisher;
        this.transactions = new TransactionTemplate(transactionManager);
        this.httpDatabaseTimeout = properties.httpDatabaseTimeout();
    }

    /**
     * Decides and writes the outcome of one request.
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
            case IntakeDecision.Accept accept -> accept.key() == null
                    ? publish(http, accept.accepted())
                    : acceptOnce(http, accept);
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
        poll.submitAll(requests);
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
            return new IntakeOutcome.Conflict(original.get().notificationId(), accept.key().value(),
                    accept.request().idempotencyKey() != null ? "idempotencyKey" : "notificationId");
        });
    }

    private static IntakeOutcome publish(OutcomePublisher publisher, AcceptedNotification accepted) {
        publisher.publishAccepted(accepted);
        return new IntakeOutcome.Accepted(accepted.getNotificationId());
    }
}
