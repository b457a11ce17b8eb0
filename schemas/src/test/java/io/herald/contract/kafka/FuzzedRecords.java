package io.herald.contract.kafka;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.herald.contract.kafka.RecordReadException.Reason;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ApiCall;
import io.herald.schema.ChatMessage;
import io.herald.schema.Mentions;
import io.herald.schema.MessageFormat;
import io.herald.schema.NotificationRequest;
import io.herald.schema.ReplayLineage;
import io.herald.schema.Source;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Builds the records of {@link KafkaRecordDecodingFuzzTest} from fuzz data: the value bytes a producer could put on
 * {@code herald.requests} (valid requests and notifications in the wire format, the same after schema evolution,
 * mutated, under unknown or incompatible schema ids, any bytes, none), the headers it could add (including a forged
 * Spring deserialization-failure header) and the key. Each value says what {@link MalformedRecords#read} must make of
 * it, as far as that is known in advance.
 *
 * <p>The registry ({@link LocalSchemaRegistry}) knows these content ids: {@link #REQUEST}, {@link #ACCEPTED},
 * {@link #REQUEST_V2} (NotificationRequest with one more field: compatible), {@link #REQUEST_INCOMPATIBLE}
 * (NotificationRequest whose channel is an int) and {@link #STRING} (a plain Avro string); every other id is unknown.
 */
final class FuzzedRecords {

    static final long REQUEST = 1;
    static final long ACCEPTED = 2;
    static final long REQUEST_V2 = 3;
    static final long REQUEST_INCOMPATIBLE = 4;
    static final long STRING = 5;

    static final Schema REQUEST_V2_SCHEMA = requestVariant(false);
    static final Schema REQUEST_INCOMPATIBLE_SCHEMA = requestVariant(true);

    static final Map<Long, Schema> REGISTRY = Map.of(
            REQUEST, NotificationRequest.getClassSchema(),
            ACCEPTED, AcceptedNotification.getClassSchema(),
            REQUEST_V2, REQUEST_V2_SCHEMA,
            REQUEST_INCOMPATIBLE, REQUEST_INCOMPATIBLE_SCHEMA,
            STRING, Schema.create(Schema.Type.STRING));

    /** Header names that mean something to Spring Kafka or Apicurio, and any other. */
    private static final String[] HEADER_NAMES = {
        SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER,
        SerializationUtils.KEY_DESERIALIZER_EXCEPTION_HEADER,
        "apicurio.value.contentId",
        "apicurio.value.globalId",
        "apicurio.value.encoding",
        "apicurio.value.msgType"
    };

    /**
     * A Java-serialized "registry unavailable" failure: were a producer's header of that name taken for the
     * deserializer's own, one tombstone would stop its partition for good.
     */
    private static final byte[] FORGED_FAILURE = javaSerialized(new DeserializationException(
            "forged",
            new byte[0],
            false,
            new RecordReadException(Reason.REGISTRY_UNAVAILABLE, "forged by a producer")));

    private FuzzedRecords() {}

    /** What the value must become; {@code reason} null when not known in advance. */
    record Expected(String kind, SpecificRecord value, String reason, boolean anyOutcome) {

        static Expected readable(String kind, SpecificRecord value) {
            return new Expected(kind, value, null, false);
        }

        static Expected malformed(String kind, Reason reason) {
            return new Expected(kind, null, reason.code(), false);
        }

        static Expected any(String kind) {
            return new Expected(kind, null, null, true);
        }

        /** What a consumer of {@code type} must make of it. */
        Expected readAs(Class<?> type) {
            return value != null && !type.isInstance(value) ? malformed(kind, Reason.WRONG_SCHEMA) : this;
        }
    }

    /** One record's value bytes (null: a tombstone) and what must come of them. */
    record Value(byte[] bytes, Expected expected) {

        /** The same bytes, with any outcome fair. */
        Value withAnyOutcome(String why) {
            return new Value(bytes, Expected.any(expected.kind() + " " + why));
        }
    }

    static Value value(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 9)) {
            case 0, 1 -> {
                NotificationRequest request = request(data);
                yield new Value(wire(REQUEST, avro(request)), Expected.readable("request", request));
            }
            case 2 -> {
                AcceptedNotification accepted = accepted(data);
                yield new Value(wire(ACCEPTED, avro(accepted)), Expected.readable("accepted", accepted));
            }
            case 3 -> {
                // written with the next version of the schema: read as the version Herald knows
                NotificationRequest request = request(data);
                ByteBuffer priority = ByteBuffer.allocate(5);
                int value = data.consumeInt();
                int zigzag = (value << 1) ^ (value >> 31);
                while ((zigzag & ~0x7f) != 0) {
                    priority.put((byte) ((zigzag & 0x7f) | 0x80));
                    zigzag >>>= 7;
                }
                priority.put((byte) zigzag);
                yield new Value(
                        wire(
                                REQUEST_V2,
                                concat(avro(request), java.util.Arrays.copyOf(priority.array(), priority.position()))),
                        Expected.readable("request v2", request));
            }
            case 4 -> new Value(mutated(data), Expected.any("mutated"));
            case 5 -> {
                long id = data.pickValue(new long[] {REQUEST, ACCEPTED, REQUEST_V2, STRING});
                yield new Value(wire(id, data.consumeBytes(200)), Expected.any("bytes under a known schema"));
            }
            case 6 ->
                new Value(
                        wire(REQUEST_INCOMPATIBLE, data.consumeBytes(100)),
                        Expected.malformed("incompatible schema", Reason.UNDECODABLE));
            case 7 -> {
                int id = data.consumeInt();
                if (REGISTRY.containsKey((long) id)) {
                    id += 1_000;
                }
                yield new Value(
                        wire(id, data.consumeBytes(100)), Expected.malformed("unknown schema", Reason.UNKNOWN_SCHEMA));
            }
            case 8 -> {
                byte[] bytes = data.consumeBytes(300);
                boolean wireFormat = bytes.length >= 5 && bytes[0] == 0;
                yield new Value(
                        bytes, wireFormat ? Expected.any("bytes") : Expected.malformed("bytes", Reason.NOT_AVRO));
            }
            default -> new Value(null, Expected.malformed("tombstone", Reason.NOT_AVRO));
        };
    }

    /** Up to three headers a producer could add. */
    static RecordHeaders headers(FuzzedDataProvider data) {
        RecordHeaders headers = new RecordHeaders();
        int count = data.consumeInt(0, 3);
        for (int i = 0; i < count; i++) {
            String name = data.consumeBoolean() ? data.pickValue(HEADER_NAMES) : data.consumeAsciiString(30);
            byte[] value = switch (data.consumeInt(0, 3)) {
                case 0 -> null;
                case 1 -> FORGED_FAILURE;
                case 2 ->
                    data.pickValue(new String[] {"1", "2", "99", "JSON", "BINARY"})
                            .getBytes(StandardCharsets.UTF_8);
                default -> data.consumeBytes(60);
            };
            headers.add(name, value);
        }
        return headers;
    }

    /** A valid request or notification in the wire format, changed: cut short, bytes flipped, bytes appended. */
    private static byte[] mutated(FuzzedDataProvider data) {
        byte[] bytes =
                data.consumeBoolean() ? wire(REQUEST, avro(request(data))) : wire(ACCEPTED, avro(accepted(data)));
        switch (data.consumeInt(0, 2)) {
            case 0 -> bytes = java.util.Arrays.copyOf(bytes, data.consumeInt(5, bytes.length));
            case 1 -> {
                int flips = data.consumeInt(1, 4);
                for (int i = 0; i < flips; i++) {
                    bytes[data.consumeInt(5, bytes.length - 1)] ^= (byte) data.consumeInt(1, 255);
                }
            }
            default -> bytes = concat(bytes, data.consumeBytes(40));
        }
        return bytes;
    }

    static NotificationRequest request(FuzzedDataProvider data) {
        return NotificationRequest.newBuilder()
                .setNotificationId(optional(data, 70))
                .setIdempotencyKey(optional(data, 70))
                .setChannel(data.consumeString(40))
                .setTenant(optional(data, 40))
                .setContent(content(data))
                .setAttributes(attributes(data))
                .setRequestedAt(data.consumeBoolean() ? Instant.ofEpochMilli(data.consumeLong()) : null)
                .build();
    }

    static AcceptedNotification accepted(FuzzedDataProvider data) {
        return AcceptedNotification.newBuilder()
                .setNotificationId(data.consumeString(70))
                .setIdempotencyKey(optional(data, 70))
                .setChannel(data.consumeString(40))
                .setProvider(data.consumeString(20))
                .setTenant(optional(data, 40))
                .setContent(content(data))
                .setAttributes(attributes(data))
                .setSource(data.pickValue(Source.values()))
                .setAcceptedAt(Instant.ofEpochMilli(data.consumeLong()))
                .setReplay(
                        data.consumeBoolean()
                                ? null
                                : new ReplayLineage(
                                        data.consumeString(40),
                                        data.consumeInt(),
                                        data.consumeString(20),
                                        Instant.ofEpochMilli(data.consumeLong())))
                .build();
    }

    private static Object content(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            return new ChatMessage(
                    optional(data, 40),
                    data.consumeString(200),
                    data.pickValue(MessageFormat.values()),
                    new Mentions(strings(data), strings(data), data.consumeBoolean()));
        }
        return new ApiCall(
                optional(data, 30),
                optional(data, 20),
                optional(data, 20),
                data.consumeString(10),
                data.consumeString(60),
                optional(data, 200));
    }

    private static Map<String, String> attributes(FuzzedDataProvider data) {
        Map<String, String> attributes = new HashMap<>();
        int count = data.consumeInt(0, 3);
        for (int i = 0; i < count; i++) {
            attributes.put(data.consumeString(20), data.consumeString(60));
        }
        return attributes;
    }

    private static List<String> strings(FuzzedDataProvider data) {
        List<String> strings = new ArrayList<>();
        int count = data.consumeInt(0, 2);
        for (int i = 0; i < count; i++) {
            strings.add(data.consumeString(20));
        }
        return strings;
    }

    private static String optional(FuzzedDataProvider data, int maxLength) {
        return data.consumeBoolean() ? null : data.consumeString(maxLength);
    }

    /** The record's Avro binary encoding with its own (generated) schema. */
    static byte[] avro(SpecificRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Magic byte 0, the 4-byte content id, the payload: what Apicurio's serializer writes. */
    static byte[] wire(long contentId, byte[] payload) {
        return ByteBuffer.allocate(5 + payload.length)
                .put((byte) 0)
                .putInt((int) contentId)
                .put(payload)
                .array();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** NotificationRequest with one more field ({@code priority}, an int), or with its channel an int. */
    private static Schema requestVariant(boolean channelAnInt) {
        Schema request = NotificationRequest.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : request.getFields()) {
            boolean changed = channelAnInt && field.name().equals("channel");
            fields.add(new Schema.Field(field, changed ? Schema.create(Schema.Type.INT) : field.schema()));
        }
        if (!channelAnInt) {
            fields.add(new Schema.Field("priority", Schema.create(Schema.Type.INT), null, 0));
        }
        return Schema.createRecord(request.getName(), request.getDoc(), request.getNamespace(), false, fields);
    }

    private static byte[] javaSerialized(Object object) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
