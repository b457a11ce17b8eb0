package io.herald.dispatcher.delivery;

import io.herald.schema.DeadLetter;
import io.herald.schema.DeliveryRetry;

/** What happens to a notification after a try, besides recording the attempt. */
sealed interface Decision {

    /** The provider took it: nothing more to write. */
    record Done() implements Decision {}

    /**
     * Try again later through the signer, for a fresh signature.
     *
     * @param tier index of the retry tier ({@code Topics.retry(tier)}); its delay set {@code retry.dueAt}
     */
    record Retry(int tier, DeliveryRetry retry) implements Decision {}

    /** Give up: the dead letter keeps the notification, every attempt and the reason, for replay. */
    record GiveUp(DeadLetter deadLetter) implements Decision {}

    /**
     * Its channel gave up, its route goes on: the notification, re-addressed to the next channel of the route, goes back
     * through the signer at once (retry tier 0) to be rendered and signed for that channel's provider.
     */
    record Reroute(DeliveryRetry retry) implements Decision {

        String toChannel() {
            return retry.getNotification().getChannel();
        }
    }
}
