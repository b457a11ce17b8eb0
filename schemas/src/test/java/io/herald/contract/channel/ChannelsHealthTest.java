package io.herald.contract.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class ChannelsHealthTest {

    private static final ChannelCatalog SEED = new ChannelCatalog(Map.of(
            "ops", new Channel("dingtalk", URI.create("https://oapi.dingtalk.com/robot/send"), Map.of(), null, null)));

    @Test
    void downWithTheReasonWhenStartGaveUpWaitingForTheTopic() {
        try (LiveChannels channels = new LiveChannels(
                SEED,
                "herald.channels",
                () -> {
                    throw new KafkaException("no broker answers");
                },
                Duration.ofMillis(200),
                Clock.systemUTC())) {
            channels.start();

            Health health = new ChannelsHealth(channels).health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) health.getDetails().get("reason"))
                    .startsWith("not caught up with herald.channels since start")
                    .endsWith("serving the seed file's channels alone");
            assertThat(health.getDetails())
                    .containsEntry("problem", "cannot read herald.channels: no broker answers")
                    .containsEntry("channels", 1L);
        }
    }

    @Test
    void outOfServiceBeforeStartUpOnceCaughtUp() {
        try (LiveChannels channels = new LiveChannels(
                SEED,
                "herald.channels",
                () -> new MockConsumer<>("earliest"),
                Duration.ofSeconds(5),
                Clock.systemUTC())) {
            assertThat(new ChannelsHealth(channels).health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);

            channels.start(); // the mock knows no such topic: nothing was written yet

            Health health = new ChannelsHealth(channels).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("channels", 1L).containsEntry("topic", "herald.channels");
        }
    }

    @Test
    void theSeedAloneIsUp() {
        Health health = new ChannelsHealth(ChannelDirectory.fixed(SEED)).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("channels", 1);
    }
}
