package io.herald.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.audit.Fixtures;
import io.herald.schema.AcceptedNotification;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

    @Test
    void acceptedNotificationSurvivesTheRoundTrip() {
        AcceptedNotification replay = Fixtures.replayOf("n-2", "n-1");

        String json = AvroJson.encode(replay);

        assertThat(json).contains("\"notificationId\":\"n-2\"", "\"io.herald.schema.ChatMessage\"", "disk almost full");
        assertThat(AvroJson.decode(json, AcceptedNotification.class)).isEqualTo(replay);
    }
}
