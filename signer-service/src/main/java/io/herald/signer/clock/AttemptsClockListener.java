package io.herald.signer.clock;

import io.herald.contract.channel.ChannelCatalog;
import io.herald.contract.kafka.Topics;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.Outcome;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads {@code herald.attempts} (its own group, {@code herald-signer-clock}, from the latest offset: only news
 * matters) and, when a provider rejected a signature's time (outcome RESIGN), has the {@link ClockSampler} probe
 * that channel's origin at once, so a wrong clock is corrected before the retry is signed.
 */
@Component
class AttemptsClockListener {

    private final ClockSampler sampler;
    private final ChannelCatalog catalog;
    private final Topics topics;

    public AttemptsClockListener(ClockSampler sampler, ChannelCatalog catalog, Topics topics) {
        this.sampler = sampler;
        this.catalog = catalog;
        this.topics = topics;
    }

    public String topic() {
        return topics.attempts();
    }

    @KafkaListener(
            id = "herald-signer-clock",
            groupId = "herald-signer-clock",
            topics = "#{__listener.topic()}",
            properties = "auto.offset.reset=latest")
    public void onAttempt(DeliveryAttempt attempt) {
        if (attempt.getOutcome() == Outcome.RESIGN) {
            catalog.find(attempt.getChannel()).ifPresent(channel -> sampler.probeSoon(channel.endpoint()));
        }
    }
}
