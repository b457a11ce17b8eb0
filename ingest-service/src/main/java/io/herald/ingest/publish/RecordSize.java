package io.herald.ingest.publish;

import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.RejectedNotification;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * How many bytes an outcome takes on its topic, computed before it is sent: the Avro value in the Confluent wire
 * format, its key, and Kafka's per-record and per-batch overhead. Compared with {@code herald.ingest.max-record-size}
 * (a little under the broker's 1 MiB {@code max.message.bytes}), so a request whose outcome the broker would refuse
 * for ever is turned away at once, naming the limit, instead of being retried. Counts bytes without keeping them.
 */
public final class RecordSize {

    /** Confluent wire-format header (magic byte + 4-byte schema id) and, generously, the record and batch headers. */
    static final int OVERHEAD = 5 + 100;

    private static final Map<Class<?>, SpecificDatumWriter<SpecificRecord>> WRITERS = new ConcurrentHashMap<>();

    static {
        HeraldKafkaAutoConfiguration.trustSchemaPackage(); // Avro refuses the generated classes until they are trusted
    }

    private RecordSize() {}

    /** Bytes of {@code accepted} on herald.accepted (key: its channel). */
    public static long of(AcceptedNotification accepted) {
        return value(accepted) + utf8(accepted.getChannel()) + OVERHEAD;
    }

    /** Bytes of {@code rejected} on herald.rejected (key: its notification id). */
    public static long of(RejectedNotification rejected) {
        return value(rejected) + utf8(rejected.getNotificationId()) + OVERHEAD;
    }

    private static long value(SpecificRecord record) {
        Counter counter = new Counter();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(counter, null);
        try {
            WRITERS.computeIfAbsent(record.getClass(), type -> new SpecificDatumWriter<>(record.getSchema()))
                    .write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the counter never fails
        }
        return counter.bytes;
    }

    private static long utf8(CharSequence value) {
        return value == null ? 0 : value.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private static final class Counter extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
