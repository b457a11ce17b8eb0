package io.herald.contract.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.schema.AcceptedNotification;
import io.herald.schema.ChatMessage;
import io.herald.schema.Mentions;
import io.herald.schema.MessageFormat;
import io.herald.schema.Source;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The registry-less serde the services' integration tests share (schemas test jar). */
class TestAvroSerdeTest {

    private final TestAvroSerde.AvroSerializer serializer = new TestAvroSerde.AvroSerializer();
    private final TestAvroSerde.AvroDeserializer deserializer = new TestAvroSerde.AvroDeserializer();

    @Test
    void aRecordReadsBackAsTheSameGeneratedClass() {
        AcceptedNotification accepted = AcceptedNotification.newBuilder()
                .setNotificationId("n-1")
                .setChannel("ops")
                .setProvider("dingtalk")
                .setContent(ChatMessage.newBuilder()
                        .setText("disk full")
                        .setFormat(MessageFormat.TEXT)
                        .setMentions(Mentions.newBuilder().build())
                        .build())
                .setAttributes(Map.of("team", "ops"))
                .setSource(Source.HTTP)
                .setAcceptedAt(Instant.parse("2026-12-01T10:00:00Z"))
                .build();

        Object read = deserializer.deserialize("herald.accepted", serializer.serialize("herald.accepted", accepted));

        assertThat(read).isInstanceOf(AcceptedNotification.class).isEqualTo(accepted);
        assertThat(serializer.serialize("t", null)).isNull();
        assertThat(deserializer.deserialize("t", null)).isNull();
    }

    @Test
    void bytesItDidNotWriteAreASerializationException() {
        byte[] json = "{\"notificationId\":\"n-1\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> deserializer.deserialize("herald.accepted", json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("test Avro record");
    }
}
