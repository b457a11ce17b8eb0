package io.herald.ingest.intake;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelCatalog;
import io.herald.ingest.IngestProperties;
import io.herald.ingest.idempotency.IdempotencyLedger;
import io.herald.ingest.idempotency.IdempotencyLedger.Holder;
import io.herald.ingest.publish.OutcomePublisher;
import io.herald.ingest.publish.RecordSize;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ApiCall;
import io.herald.schema.ChatMessage;
import io.herald.schema.NotificationRequest;
import io.herald.schema.RejectedNotification;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way in for every request, from herald.requests and from HTTP alike: validate, de-duplicate, and write
 * the outcome to herald.accepted or herald.rejected, returning only after the broker acknowledged it.
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
 * <p>A request whose notification would be larger than its topic takes ({@code herald.ingest.max-record-size}) is
 * rejected like an invalid one (field {@code request}), never retried.
 *
 * <p>HTTP requests go through {@link #submit} one at a time, with short waits: the idempotency ledger's statements
 * at most {@code herald.ingest.http-database-timeout} each, the broker's acknowledgement at most
 * {@code herald.ingest.http-send-timeout} (through {@link OutcomePublisher#forHttp()}, whose producer gives up on a
 * record before that, so an outcome reported as not written is not written later). herald.requests is read a poll at
 * a time through {@link #submitAll}, which keeps the same guarantees with one ledger statement and one wait for the
 * broker ({@code herald.kafka.send-timeout}, from which the producer's {@code delivery.timeout.ms} is derived) per
 * poll.
 */
@Service
public class IntakeService {

    private static final Logger log = LoggerFactory.getLogger(IntakeService.class);

    /**
     * Rejections carry the request for inspection only while it is this small (characters of text, title and
     * body), so that an oversized request can still be rejected without exceeding the broker's record size.
     */
    static final int MAX_REQUEST_CHARS_IN_REJECTION = 256 * 1024;

    /** The bytes of an unreadable record kept in its rejection when all of them would not fit the topic. */
    static final int MAX_RAW_BYTES_IN_REJECTION = 64 * 1024;

    private final RequestValidator validator;
    private final ChannelCatalog catalog;
    private final IdempotencyLedger ledger;
    private final OutcomePublisher publisher;
    private final PlatformTransactionManager transactionManager;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final long maxRecordSize;
    private final Duration httpDatabaseTimeout;

    public IntakeService(
            RequestValidator validator,
            ChannelCatalog catalog,
            IdempotencyLedger ledger,
            OutcomePublisher publisher,
            PlatformTransactionManager transactionManager,
            Clock clock,
            IngestProperties properties) {
        this.validator = validator;
        this.catalog = catalog;
        this.ledger = ledger;
        this.publisher = publisher;
        this.transactionManager = transactionManager;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.maxRecordSize = properties.maxRecordSize().toBytes();
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
        IntakeOutcome outcome = switch (decide(request)) {
            case Decision.Reject reject -> {
                http.publishRejected(reject.rejected());
                yield reject.outcome();
            }
            case Decision.Accept accept -> accept.key() == null
                    ? publish(http, accept.accepted())
                    : acceptOnce(http, accept);
        };
        logOutcome(request, outcome);
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
        if (requests.isEmpty()) {
            return;
        }
        List<Decision> decisions = requests.stream().map(this::decide).toList();
        // the first request of the poll to use each key takes it; later ones are its duplicates (or conflicts)
        Map<IdempotencyLedger.Key, Integer> claimedBy = new LinkedHashMap<>();
        List<IdempotencyLedger.Claim> claims = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            if (decisions.get(i) instanceof Decision.Accept accept && accept.key() != null
                    && claimedBy.putIfAbsent(accept.key(), i) == null) {
                AcceptedNotification accepted = accept.accepted();
                claims.add(new IdempotencyLedger.Claim(
                        accept.key(), accepted.getNotificationId(), accepted.getChannel(), accept.fingerprint()));
            }
        }
        OutcomePublisher.Batch batch = publisher.batch();
        if (claims.isEmpty()) {
            List<IntakeOutcome> outcomes = send(decisions, Map.of(), batch);
            batch.awaitAcks();
            logOutcomes(requests, outcomes);
            return;
        }
        int firstClaim = claimedBy.values().iterator().next();
        TransactionStatus transaction = null;
        Map<IdempotencyLedger.Key, Optional<Holder>> ledgered;
        try {
            transaction = transactionManager.getTransaction(TransactionDefinition.withDefaults());
            ledgered = ledger.claimAll(claims);
        } catch (RuntimeException e) {
            rollback(transaction, e);
            // the ledger is unavailable: write what needs no key, and retry from the first request that does
            List<IntakeOutcome> outcomes = send(decisions.subList(0, firstClaim), Map.of(), batch);
            BatchListenerFailedException failure = batch.failedAt(firstClaim, e);
            logOutcomes(requests.subList(0, failure.getIndex()), outcomes);
            throw failure;
        }
        Map<IdempotencyLedger.Key, Holder> originals = new HashMap<>();
        ledgered.forEach((key, original) -> original.ifPresent(holder -> originals.put(key, holder)));
        List<IntakeOutcome> outcomes = send(decisions, originals, batch);
        BatchListenerFailedException failure = null;
        try {
            batch.awaitAcks();
        } catch (BatchListenerFailedException e) {
            failure = e;
        }
        int written = failure == null ? decisions.size() : failure.getIndex();
        try {
            ledger.release(claimedBy.entrySet().stream()
                    .filter(claim -> claim.getValue() >= written && !originals.containsKey(claim.getKey()))
                    .map(Map.Entry::getKey)
                    .toList());
        } catch (RuntimeException e) {
            rollback(transaction, e);
            throw ledgerLost(Math.min(written, firstClaim), e);
        }
        try {
            transactionManager.commit(transaction);
        } catch (RuntimeException e) {
            throw ledgerLost(Math.min(written, firstClaim), e);
        }
        logOutcomes(requests.subList(0, written), outcomes);
        if (failure != null) {
            throw failure;
        }
    }

    private void rollback(TransactionStatus transaction, RuntimeException failure) {
        if (transaction != null) {
            try {
                transactionManager.rollback(transaction);
            } catch (RuntimeException e) {
                failure.addSuppressed(e); // the connection is gone: the database rolls back on its own
            }
        }
    }

    /**
     * The outcomes are written but the keys they took could not be kept: retry from the first request that took one.
     * It is accepted again (a visible duplicate, at-least-once) rather than its key being left free unnoticed.
     */
    private static BatchListenerFailedException ledgerLost(int index, RuntimeException cause) {
        return new BatchListenerFailedException("the idempotency keys could not be kept: " + cause, cause, index);
    }

    /** What to write for a request, decided before anything is written. */
    private sealed interface Decision {

        /** Accept under {@code key} (null: no de-duplication) unless a different request holds it. */
        record Accept(IntakeRequest request, AcceptedNotification accepted, IdempotencyLedger.Key key, String fingerprint)
                implements Decision {}

        record Reject(RejectedNotification rejected, IntakeOutcome.Rejected outcome) implements Decision {}
    }

    private Decision decide(IntakeRequest request) {
        if (request.unreadable() != null) {
            return rejection(request, request.readProblems());
        }
        List<FieldViolation> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            return rejection(request, violations);
        }
        Channel channel = catalog.find(request.channel()).orElseThrow();
        String id = request.notificationId() != null ? request.notificationId() : UUID.randomUUID().toString();
        AcceptedNotification accepted = AcceptedNotification.newBuilder()
                .setNotificationId(id)
                .setIdempotencyKey(request.idempotencyKey())
                .setChannel(request.channel())
                .setProvider(channel.provider())
                .setTenant(request.tenant())
                .setContent(request.content())
                .setAttributes(request.attributes())
                .setSource(request.source())
                .setAcceptedAt(clock.instant())
                .setReplay(null)
                .build();
        long size = RecordSize.of(accepted);
        if (size > maxRecordSize) {
            return rejection(request, List.of(new FieldViolation(FieldViolation.REQUEST, ViolationCode.TOO_LARGE,
                    "the notification is " + size + " bytes as a Kafka record; at most " + maxRecordSize
                            + " are accepted (herald.ingest.max-record-size): shorten the text, body or attributes")),
                    false);
        }
        IdempotencyLedger.Key key = request.deduplicationKey();
        return new Decision.Accept(request, accepted, key, key == null ? null : RequestFingerprint.of(request));
    }

    /**
     * Sends each decision's outcome: none for a duplicate (a key held by the same request, ledgered or taken earlier
     * in the poll), a rejection for a key held by a different request.
     */
    private List<IntakeOutcome> send(List<Decision> decisions, Map<IdempotencyLedger.Key, Holder> originals,
            OutcomePublisher.Batch batch) {
        List<IntakeOutcome> outcomes = new ArrayList<>(decisions.size());
        Map<IdempotencyLedger.Key, Holder> takenInPoll = new HashMap<>();
        for (int i = 0; i < decisions.size(); i++) {
            switch (decisions.get(i)) {
                case Decision.Reject reject -> {
                    batch.rejected(i, reject.rejected());
                    outcomes.add(reject.outcome());
                }
                case Decision.Accept accept -> {
                    IdempotencyLedger.Key key = accept.key();
                    Holder original = key == null ? null : originals.getOrDefault(key, takenInPoll.get(key));
                    if (original == null) {
                        if (key != null) {
                            takenInPoll.put(key, new Holder(accept.accepted().getNotificationId(), accept.fingerprint()));
                        }
                        batch.accepted(i, accept.accepted());
                        outcomes.add(new IntakeOutcome.Accepted(accept.accepted().getNotificationId()));
                    } else if (original.sameRequest(accept.fingerprint())) {
                        outcomes.add(new IntakeOutcome.Duplicate(original.notificationId()));
                    } else {
                        Decision.Reject conflict = conflict(accept, original);
                        batch.rejected(i, conflict.rejected());
                        outcomes.add(conflict.outcome());
                    }
                }
            }
        }
        return outcomes;
    }

    /** The rejection of a Kafka request whose key is held by a different request. */
    private Decision.Reject conflict(Decision.Accept accept, Holder original) {
        IntakeRequest request = accept.request();
        String field = request.idempotencyKey() != null ? "idempotencyKey" : "notificationId";
        return rejection(request, List.of(new FieldViolation(field, ViolationCode.IDEMPOTENCY_KEY_CONFLICT,
                field + " '" + RequestValidator.abbreviate(accept.key().value()) + "' was already used by notification "
                        + original.notificationId() + " for a different request (the content differs); "
                        + "use a new key for a new request")),
                true);
    }

    private static void logOutcomes(List<IntakeRequest> requests, List<IntakeOutcome> outcomes) {
        for (int i = 0; i < requests.size() && i < outcomes.size(); i++) {
            logOutcome(requests.get(i), outcomes.get(i));
        }
    }

    private static void logOutcome(IntakeRequest request, IntakeOutcome outcome) {
        switch (outcome) {
            case IntakeOutcome.Duplicate duplicate -> log.info("Duplicate of {} on channel {} from {}: nothing written",
                    duplicate.notificationId(), request.channel(), request.source());
            case IntakeOutcome.Accepted accepted -> log.debug("Accepted {} on channel {} from {}",
                    accepted.notificationId(), request.channel(), request.source());
            case IntakeOutcome.Conflict conflict -> log.info("Refused a request on channel {} from {}: its {} was taken "
                    + "by {} for a different request", request.channel() == null ? null : RequestValidator.abbreviate(request.channel()),
                    request.source(), conflict.keyField(), conflict.notificationId());
            case IntakeOutcome.Rejected rejected -> log.info("Rejected {} on channel {} from {}: {}",
                    rejected.notificationId(), request.channel() == null ? null : RequestValidator.abbreviate(request.channel()),
                    request.source(), rejected.violations().stream().map(v -> v.field() + " " + v.code()).toList());
        }
    }

    private IntakeOutcome acceptOnce(OutcomePublisher http, Decision.Accept accept) {
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

    private Decision.Reject rejection(IntakeRequest request, List<FieldViolation> violations) {
        return rejection(request, violations, false);
    }

    /**
     * @param freshId under a new id even when the caller's is well formed (a conflict: the caller's id may be the
     *     accepted notification's own)
     */
    private Decision.Reject rejection(IntakeRequest request, List<FieldViolation> violations, boolean freshId) {
        boolean callerIdUsable = !freshId && request.notificationId() != null
                && RequestValidator.NOTIFICATION_ID.matcher(request.notificationId()).matches();
        String id = callerIdUsable ? request.notificationId() : UUID.randomUUID().toString();
        String key = request.idempotencyKey();
        RejectedNotification rejected = RejectedNotification.newBuilder()
                .setNotificationId(id)
                .setIdempotencyKey(key != null && key.length() <= RequestValidator.MAX_IDEMPOTENCY_KEY_LENGTH ? key : null)
                .setChannel(request.channel() != null ? RequestValidator.abbreviate(request.channel()) : null)
                .setTenant(request.tenant() != null ? RequestValidator.abbreviate(request.tenant()) : null)
                .setSource(request.source())
                .setViolations(violations.stream().map(FieldViolation::toAvro).toList())
                .setRequest(request.toAvro().filter(IntakeService::smallEnough).orElse(null))
                .setRawPayload(request.unreadable() == null || request.unreadable().payload() == null
                        ? null
                        : ByteBuffer.wrap(request.unreadable().payload()))
                .setOrigin(request.origin())
                .setRejectedAt(clock.instant())
                .build();
        if (rejected.getRequest() != null && RecordSize.of(rejected) > maxRecordSize) {
            rejected.setRequest(null); // the rejection must fit its topic: it names the problem without the request
        }
        if (rejected.getRawPayload() != null && RecordSize.of(rejected) > maxRecordSize) {
            // an unreadable record as large as the topic allows: keep its first bytes, enough to see what it was
            ByteBuffer first = rejected.getRawPayload().duplicate();
            first.limit(first.position() + MAX_RAW_BYTES_IN_REJECTION);
            rejected.setRawPayload(first.slice());
        }
        return new Decision.Reject(rejected, new IntakeOutcome.Rejected(id, violations));
    }

    private static boolean smallEnough(NotificationRequest request) {
        long chars = 0;
        if (request.getContent() instanceof ChatMessage message) {
            chars += length(message.getText()) + length(message.getTitle());
        } else if (request.getContent() instanceof ApiCall call) {
            chars += length(call.getBody()) + length(call.getPath());
        }
        for (var attribute : request.getAttributes().entrySet()) {
            chars += length(attribute.getKey()) + length(attribute.getValue());
        }
        return chars <= MAX_REQUEST_CHARS_IN_REJECTION;
    }

    private static long length(String value) {
        return value == null ? 0 : value.length();
    }
}
