package io.herald.signer.clock;

import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.channel.ChannelEntry;
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
    private final ChannelDirectory directory;
    private final Topics topics;

    public AttemptsClockListener(ClockSampler sampler, ChannelDirectory directory, Topics topics) {
        this.sampler = sampler;
        this.directory = directory;
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
            // a disabled channel's notifications park as RESIGN too, every retry tier: that says nothing of the clock
            directory
                    .entry(attempt.getChannel())
                    .filter(entry -> !entry.deleted() && !entry.disabled())
                    .map(ChannelEntry::channel)
                    .ifPresent(channel -> sampler.probeSoon(channel.endpoint()));
        }
    }
}
