package io.herald.contract.kafka;

import io.herald.contract.kafka.RecordReadException.Reason;
import io.herald.contract.redaction.Redaction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * The one place that decides whether a record Herald consumes is readable, malformed (skipped or rejected at once:
 * retrying cannot help) or not readable yet (the schema registry could not be asked: retried from that record), and
 * that reports malformed records: one WARN line each, without stack trace, at most
 * {@value MalformedRecordLog#LINES_PER_WINDOW} per topic every {@value MalformedRecordLog#WINDOW_SECONDS} s and a
 * summary of the rest, and a count in {@value #METER} tagged by topic and reason. Used by every service's listeners
 * ({@link #read}) and error handler ({@link KafkaErrorHandlers}).
 */
public class MalformedRecords {

    /** Records skipped or rejected because they cannot be read or processed, by topic and reason. */
    public static final String METER = "herald.kafka.records.malformed";

    /** The reason of a record that was read but can never be processed ({@link UnprocessableRecordException}). */
    public static final String UNPROCESSABLE = "unprocessable";

    private static final LogAccessor HEADER_LOG = new LogAccessor(MalformedRecords.class);

    private final MeterRegistry meters;
    private final MalformedRecordLog log = new MalformedRecordLog(LoggerFactory.getLogger(MalformedRecords.class));
    private final Thread flusher;

    public MalformedRecords(MeterRegistry meters) {
        this.meters = meters;
        // summaries of a flood that has ended are written within a window, not only with the next malformed record
        flusher = Thread.ofPlatform()
                .daemon()
                .name("herald-malformed-records-log")
                .start(() -> {
                    while (true) {
                        try {
                            Thread.sleep(MalformedRecordLog.WINDOW_SECONDS * 1_000L);
                        } catch (InterruptedException e) {
                            return;
                        }
                        log.flush();
                    }
                });
    }

    /** Writes the summary of malformed records not yet logged: called by Spring when the service stops. */
    public void close() {
        flusher.interrupt();
        log.flushAll();
    }

    /**
     * Reads a poll: each record holds {@code type}, is malformed (reported with {@code disposition}, e.g.
     * "skipped" or "rejected"), or stops the reading because the registry could not be asked about it.
     */
    public <T> Poll<T> read(List<? extends ConsumerRecord<?, ?>> records, Class<T> type, String disposition) {
        Poll<T> poll = new Poll<>();
        for (int index = 0; index < records.size(); index++) {
            ConsumerRecord<?, ?> record = records.get(index);
            if (type.isInstance(record.value())) {
                poll.add(new Poll.Item<>(index, record, type.cast(record.value())));
                continue;
            }
            MalformedRecord malformed = judge(index, record, type);
            if (malformed == null) {
                RecordReadException failure = readFailure(record).orElseThrow();
                poll.stopAt(
                        index,
                        "schema registry unavailable while reading " + record.topic() + "-" + record.partition() + "@"
                                + record.offset() + ": " + failure.getMessage());
                break;
            }
            poll.add(malformed);
            report(malformed, disposition);
        }
        return poll;
    }

    /**
     * For an error handler: true when {@code failure} says the record can never be read or processed, false when it
     * may succeed later (registry or broker unavailable, a database down, a bug fixed by a restart).
     */
    public boolean isMalformed(Throwable failure) {
        if (find(failure, UnprocessableRecordException.class) != null) {
            return true;
        }
        DeserializationException deserialization = find(failure, DeserializationException.class);
        if (deserialization == null) {
            return false;
        }
        RecordReadException read = find(deserialization, RecordReadException.class);
        return read == null || read.reason() != Reason.REGISTRY_UNAVAILABLE;
    }

    /** For an error handler's recoverer: reports a record it skips ({@link #isMalformed} said so). */
    public void skip(ConsumerRecord<?, ?> record, Throwable failure) {
        UnprocessableRecordException unprocessable = find(failure, UnprocessableRecordException.class);
        MalformedRecord malformed = unprocessable != null
                ? new MalformedRecord(-1, record, UNPROCESSABLE, unprocessable.getMessage(), null)
                : fromDeserialization(-1, record, find(failure, DeserializationException.class), failure);
        report(malformed, "skipped");
    }

    private void report(MalformedRecord malformed, String disposition) {
        Counter.builder(METER)
                .description("Records skipped or rejected because they cannot be read or processed")
                .tag("topic", malformed.record().topic())
                .tag("reason", malformed.reason())
                .register(meters)
                .increment();
        log.warn(
                malformed.record().topic(),
                malformed.reason(),
                () -> "Malformed record " + malformed.where() + " (" + malformed.reason() + ") " + disposition + ": "
                        + Redaction.text(malformed.message()));
    }

    /** Why a record without the expected value is malformed; null when it may be read later. */
    private static MalformedRecord judge(int index, ConsumerRecord<?, ?> record, Class<?> type) {
        if (record.value() != null) {
            String schema = record.value() instanceof GenericContainer avro
                    ? avro.getSchema().getFullName()
                    : "another type";
            return new MalformedRecord(
                    index,
                    record,
                    Reason.WRONG_SCHEMA.code(),
                    "the record is Avro of schema " + schema + ", not " + type.getSimpleName(),
                    null);
        }
        DeserializationException failure =
                failureHeader(record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER);
        if (failure == null && record.key() == null) {
            failure = failureHeader(record, SerializationUtils.KEY_DESERIALIZER_EXCEPTION_HEADER);
        }
        if (failure == null) {
            return new MalformedRecord(
                    index,
                    record,
                    Reason.NOT_AVRO.code(),
                    "the record has no value; expected " + type.getSimpleName(),
                    null);
        }
        RecordReadException read = find(failure, RecordReadException.class);
        if (read != null && read.reason() == Reason.REGISTRY_UNAVAILABLE) {
            return null;
        }
        return fromDeserialization(index, record, failure, failure);
    }

    private static MalformedRecord fromDeserialization(
            int index, ConsumerRecord<?, ?> record, DeserializationException deserialization, Throwable failure) {
        RecordReadException read = find(failure, RecordReadException.class);
        byte[] data = deserialization == null ? null : deserialization.getData();
        if (deserialization != null && deserialization.isKey()) {
            return new MalformedRecord(
                    index, record, Reason.UNDECODABLE.code(), "the record key could not be read as text", data);
        }
        if (read != null) {
            return new MalformedRecord(index, record, read.reason().code(), read.getMessage(), data);
        }
        return new MalformedRecord(
                index,
                record,
                Reason.UNDECODABLE.code(),
                "the record could not be read: "
                        + HeraldAvroDeserializer.summary(HeraldAvroDeserializer.rootCause(failure)),
                data);
    }

    /**
     * The failure ErrorHandlingDeserializer put in this consumer's record; a header of that name a producer sent is
     * ignored without Spring's per-record WARN (which would bypass the flood limit).
     */
    private static DeserializationException failureHeader(ConsumerRecord<?, ?> record, String name) {
        // ErrorHandlingDeserializer's header is a RecordHeader subclass of its own (not public); the consumer makes
        // plain RecordHeaders of what the producer sent
        Header header = record.headers().lastHeader(name);
        return header != null && header.getClass() != RecordHeader.class
                ? SerializationUtils.getExceptionFromHeader(record, name, HEADER_LOG)
                : null;
    }

    private static Optional<RecordReadException> readFailure(ConsumerRecord<?, ?> record) {
        DeserializationException failure =
                failureHeader(record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER);
        return Optional.ofNullable(failure == null ? null : find(failure, RecordReadException.class));
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t instanceof ListenerExecutionFailedException && t.getCause() == null) {
                break;
            }
        }
        return null;
    }
}
