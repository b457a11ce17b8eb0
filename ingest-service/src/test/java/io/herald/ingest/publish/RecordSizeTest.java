package io.herald.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.ingest.AvroEncoding;
import io.herald.ingest.TestChannels;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.RejectedNotification;
import io.herald.schema.Source;
import io.herald.schema.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordSizeTest {

    private static AcceptedNotification accepted(String text, Map<String, String> attributes) {
        return AcceptedNotification.newBuilder()
                .setNotificationId("n-1")
                .setIdempotencyKey(null)
                .setChannel("demo-dingtalk")
                .setProvider("dingtalk")
                .setTenant("t1")
                .setContent(TestChannels.text(text))
                .setAttributes(attributes)
                .setSource(Source.HTTP)
                .setAcceptedAt(Instant.parse("2025-01-01T00:00:00Z"))
                .setReplay(null)
                .build();
    }

    @Test
    void acceptedSizeIsTheEncodedValueAndKeyPlusKafkasOverhead() {
        AcceptedNotification accepted = accepted("disk full on db-7 ✓", Map.of("team", "ops"));

        assertThat(RecordSize.of(accepted))
                .isEqualTo(AvroEncoding.encode(accepted).length
                        + "demo-dingtalk".getBytes(StandardCharsets.UTF_8).length
                        + RecordSize.OVERHEAD);
    }

    @Test
    void multiByteTextCountsItsUtf8Bytes() {
        long ascii = RecordSize.of(accepted("a".repeat(1000), Map.of()));
        long chinese = RecordSize.of(accepted("磁".repeat(1000), Map.of())); // 3 bytes each in UTF-8

        assertThat(chinese - ascii).isBetween(2000L, 2002L);
    }

    @Test
    void rejectedSizeCountsItsNotificationIdAsKey() {
        RejectedNotification rejected = RejectedNotification.newBuilder()
                .setNotificationId("n-2")
                .setIdempotencyKey(null)
                .setChannel(null)
                .setTenant(null)
                .setSource(Source.KAFKA)
                .setViolations(List.of(new Violation("record", "not_avro", "not Avro")))
                .setRequest(null)
                .setRawPayload(null)
                .setOrigin(null)
                .setRejectedAt(Instant.parse("2025-01-01T00:00:00Z"))
                .build();

        assertThat(RecordSize.of(rejected)).isEqualTo(AvroEncoding.encode(rejected).length + 3 + RecordSize.OVERHEAD);
    }
}
