package io.herald.signer.retry;

import io.herald.schema.DeliveryRetry;
import io.herald.signer.SignerProperties;
import io.herald.signer.clock.SigningClock;
import io.herald.signer.signing.DeliverySigner;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Decides whether a {@link DeliveryRetry} from {@code herald.retry.<tier>} is due by the signing clock. A due
 * retry is re-signed with a fresh timestamp as attempt {@code nextAttempt}, carrying its prior attempts; one
 * that is not due is left alone and reported with how long to wait, at most {@code herald.signer.max-due-pause}.
 */
@Service
class RetrySigning {

    private final DeliverySigner signer;
    private final SigningClock clock;
    private final Duration maxPause;

    @Autowired
    public RetrySigning(DeliverySigner signer, SigningClock clock, SignerProperties properties) {
        this(signer, clock, properties.maxDuePause());
    }

    RetrySigning(DeliverySigner signer, SigningClock clock, Duration maxPause) {
        this.signer = signer;
        this.clock = clock;
        this.maxPause = maxPause;
    }

    public RetryDecision signIfDue(DeliveryRetry retry) {
        Instant now = clock.now();
        Duration untilDue = Duration.between(now, retry.getDueAt());
        if (untilDue.isPositive()) {
            // whole milliseconds, at least one, so a pause never rounds down to "not paused" and spins
            Duration pause = Duration.ofMillis(Math.max(1, (untilDue.toNanos() + 999_999) / 1_000_000));
            return new RetryDecision.NotDue(pause.compareTo(maxPause) > 0 ? maxPause : pause);
        }
        return new RetryDecision.Signed(
                signer.signAndPublish(retry.getNotification(), retry.getNextAttempt(), retry.getPriorAttempts()));
    }
}
