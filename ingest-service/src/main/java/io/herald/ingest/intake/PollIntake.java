package io.herald.ingest.intake;

import io.herald.contract.tracing.RecordTrace;
import io.herald.ingest.idempotency.IdempotencyLedger;
import io.herald.ingest.idempotency.IdempotencyLedger.Holder;
import io.herald.ingest.publish.OutcomePublisher;
import io.herald.schema.AcceptedNotification;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;

/**
 * Writes the outcomes of one poll of herald.requests ({@link IntakeService#submitAll}) with one idempotency-ledger
 * statement and one wait for the broker ({@code herald.kafka.send-timeout}) per poll, keeping the guarantees of a
 * single request: a key is kept only when its notification was written.
 */
final class PollIntake {

    private final IntakeDecider decider;
    private final IdempotencyLedger ledger;
    private final OutcomePublisher publisher;
    private final PlatformTransactionManager transactionManager;

    PollIntake(
            IntakeDecider decider,
            IdempotencyLedger ledger,
            OutcomePublisher publisher,
            PlatformTransactionManager transactionManager) {
        this.decider = decider;
        this.ledger = ledger;
        this.publisher = publisher;
        this.transactionManager = transactionManager;
    }

    /** See {@link IntakeService#submitAll}. */
    void submitAll(List<IntakeRequest> requests, List<RecordTrace> traces) {
        if (requests.isEmpty()) {
            return;
        }
        List<IntakeDecision> decisions = requests.stream().map(decider::decide).toList();
        // the first request of the poll to use each key takes it; later ones are its duplicates (or conflicts)
        Map<IdempotencyLedger.Key, Integer> claimedBy = new LinkedHashMap<>();
        List<IdempotencyLedger.Claim> claims = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            if (decisions.get(i) instanceof IntakeDecision.Accept accept
                    && accept.key() != null
                    && claimedBy.putIfAbsent(accept.key(), i) == null) {
                AcceptedNotification accepted = accept.accepted();
                claims.add(new IdempotencyLedger.Claim(
                        accept.key(), accepted.getNotificationId(), accepted.getChannel(), accept.fingerprint()));
            }
        }
        OutcomePublisher.Batch batch = publisher.batch();
        if (claims.isEmpty()) {
            List<IntakeOutcome> outcomes = send(decisions, Map.of(), batch, traces);
            batch.awaitAcks();
            OutcomeLog.logOutcomes(requests, outcomes);
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
            List<IntakeOutcome> outcomes = send(decisions.subList(0, firstClaim), Map.of(), batch, traces);
            BatchListenerFailedException failure = batch.failedAt(firstClaim, e);
            OutcomeLog.logOutcomes(requests.subList(0, failure.getIndex()), outcomes);
            throw failure;
        }
        Map<IdempotencyLedger.Key, Holder> originals = new HashMap<>();
        ledgered.forEach((key, original) -> original.ifPresent(holder -> originals.put(key, holder)));
        List<IntakeOutcome> outcomes = send(decisions, originals, batch, traces);
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
        OutcomeLog.logOutcomes(requests.subList(0, written), outcomes);
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

    /**
     * Sends each decision's outcome: none for a duplicate (a key held by the same request, ledgered or taken earlier
     * in the poll), a rejection for a key held by a different request. Each is sent inside its request's trace.
     */
    private List<IntakeOutcome> send(
            List<IntakeDecision> decisions,
            Map<IdempotencyLedger.Key, Holder> originals,
            OutcomePublisher.Batch batch,
            List<RecordTrace> traces) {
        List<IntakeOutcome> outcomes = new ArrayList<>(decisions.size());
        Map<IdempotencyLedger.Key, Holder> takenInPoll = new HashMap<>();
        for (int i = 0; i < decisions.size(); i++) {
            int index = i;
            traces.get(i).run(() -> outcomes.add(send(index, decisions.get(index), originals, takenInPoll, batch)));
        }
        return outcomes;
    }

    private IntakeOutcome send(
            int i,
            IntakeDecision decision,
            Map<IdempotencyLedger.Key, Holder> originals,
            Map<IdempotencyLedger.Key, Holder> takenInPoll,
            OutcomePublisher.Batch batch) {
        switch (decision) {
            case IntakeDecision.Reject reject -> {
                batch.rejected(i, reject.rejected());
                return reject.outcome();
            }
            case IntakeDecision.Accept accept -> {
                IdempotencyLedger.Key key = accept.key();
                Holder original = key == null ? null : originals.getOrDefault(key, takenInPoll.get(key));
                if (original == null) {
                    if (key != null) {
                        takenInPoll.put(key, new Holder(accept.accepted().getNotificationId(), accept.fingerprint()));
                    }
                    batch.accepted(i, accept.accepted());
                    return new IntakeOutcome.Accepted(accept.accepted().getNotificationId());
                } else if (original.sameRequest(accept.fingerprint())) {
                    return new IntakeOutcome.Duplicate(original.notificationId());
                } else {
                    IntakeDecision.Reject conflict = decider.conflict(accept, original);
                    batch.rejected(i, conflict.rejected());
                    return conflict.outcome();
                }
            }
        }
    }
}
