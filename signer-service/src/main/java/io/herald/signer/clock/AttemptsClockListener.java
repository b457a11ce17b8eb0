package io.herald.signer.clock;

import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.channel.ChannelEntry;
import io.herald.contract.kafka.ResignHeader;
import io.herald.contract.kafka.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads {@code herald.attempts} (its own group, {@code herald-signer-clock}, from the latest offset: only news
 * matters) and, when a provider rejected a signature's time (outcome RESIGN), has the {@link ClockSampler} probe
 * that channel's origin at once, so a wrong clock is corrected before the retry is signed.
 *
 * <p>Every notification has an attempt, and decoding each one cost as much CPU as signing it (issue 19's profile:
 * 43 % of the signer's samples): the listener reads the records' bytes undecoded, in batches, and looks only at
 * {@link ResignHeader}, which the dispatcher puts on RESIGN attempts.
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
            batch = "true",
            properties = {
                "auto.offset.reset=latest",
                "spring.deserializer.value.delegate.class=org.apache.kafka.common.serialization.ByteArrayDeserializer"
            })
    public void onAttempts(List<ConsumerRecord<String, byte[]>> attempts) {
        for (ConsumerRecord<String, byte[]> attempt : attempts) {
            ResignHeader.channel(attempt.headers()).ifPresent(this::onResign);
        }
    }

    private void onResign(String channelName) {
        // a disabled channel's notifications park as RESIGN too, every retry tier: that says nothing of the clock
        directory
                .entry(channelName)
                .filter(entry -> !entry.deleted() && !entry.disabled())
                .map(ChannelEntry::channel)
                .ifPresent(channel -> sampler.probeSoon(channel.endpoint()));
    }
}
