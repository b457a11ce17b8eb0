package io.herald.ingest.intake;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelCatalog;
import io.herald.ingest.idempotency.IdempotencyLedger;
import io.herald.ingest.publish.OutcomePublisher;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ApiCall;
import io.herald.schema.ChatMessage;
import io.herald.schema.NotificationRequest;
import io.herald.schema.RejectedNotification;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way in for every request, from herald.requests and from HTTP alike: validate, de-duplicate, and write
 * the outcome to herald.accepted or herald.rejected, returning only after the broker acknowledged it.
 *
 * <p>De-duplication: a request with an idempotency key (or, lacking one, a caller-chosen notification id) is
 * accepted in one database transaction that takes the key in the {@link IdempotencyLedger} and publishes to
 * herald.accepted. The key is committed only after the broker's acknowledgement; a failed publish rolls back and
 * leaves the key free for a retry. A crash between acknowledgement and commit leaves a visible duplicate
 * (at-least-once). A repeat of a taken key publishes nothing and is answered with the original id.
 */
@Service
public class IntakeService {

    private static final Logger log = LoggerFactory.getLogger(IntakeService.class);

    /**
     * Rejections carry the request for inspection only while it is this small (characters of text, title and
     * body), so that an oversized request can still be rejected without exceeding the broker's record size.
     */
    static final int MAX_REQUEST_CHARS_IN_REJECTION = 256 * 1024;

    private final RequestValidator validator;
    private final ChannelCatalog catalog;
    private final IdempotencyLedger ledger;
    private final OutcomePublisher publisher;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public IntakeService(
            RequestValidator validator,
            ChannelCatalog catalog,
            IdempotencyLedger ledger,
            OutcomePublisher publisher,
            PlatformTransactionManager transactionManager,
            Clock clock) {
        this.validator = validator;
        this.catalog = catalog;
        this.ledger = ledger;
        this.publisher = publisher;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /**
     * Decides and writes the outcome of one request.
     *
     * @throws io.herald.ingest.publish.PublishException when the outcome could not be written to Kafka
     * @throws org.springframework.dao.DataAccessException when the idempotency ledger is unavailable
     * @throws org.springframework.transaction.TransactionException when no transaction can be started on it
     */
    public IntakeOutcome submit(IntakeRequest request) {
        List<FieldViolation> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            return reject(request, violations);
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
        String key = request.deduplicationKey();
        IntakeOutcome outcome = key == null ? publish(accepted) : acceptOnce(key, accepted);
        if (outcome instanceof IntakeOutcome.Duplicate) {
            log.info("Duplicate of {} on channel {} from {}: nothing written", outcome.notificationId(), request.channel(), request.source());
        } else {
            log.info("Accepted {} on channel {} from {}", id, request.channel(), request.source());
        }
        return outcome;
    }

    private IntakeOutcome acceptOnce(String key, AcceptedNotification accepted) {
        return transactions.execute(status -> {
            Optional<String> original = ledger.claim(key, accepted.getNotificationId(), accepted.getChannel());
            if (original.isPresent()) {
                return new IntakeOutcome.Duplicate(original.get());
            }
            return publish(accepted); // a PublishException rolls back: the key stays free
        });
    }

    private IntakeOutcome publish(AcceptedNotification accepted) {
        publisher.publishAccepted(accepted);
        return new IntakeOutcome.Accepted(accepted.getNotificationId());
    }

    private IntakeOutcome reject(IntakeRequest request, List<FieldViolation> violations) {
        boolean callerIdUsable = request.notificationId() != null
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
                .setRawPayload(null)
                .setOrigin(request.origin())
                .setRejectedAt(clock.instant())
                .build();
        publisher.publishRejected(rejected);
        log.info("Rejected {} on channel {} from {}: {}", id, rejected.getChannel(), request.source(),
                violations.stream().map(v -> v.field() + " " + v.code()).toList());
        return new IntakeOutcome.Rejected(id, violations);
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
