package io.herald.contract.kafka;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;

/**
 * Apicurio's default Avro datum provider, with its datum writers and readers cached by schema instance: the default
 * computes the schema's parsing fingerprint on every record (a third of the signer's CPU when profiled). The schemas
 * are the generated classes' static ones (writing) and the registry client's cached ones (reading), so a lookup by
 * instance is enough. Shared between threads as the default's are; configured by {@link HeraldKafkaAutoConfiguration}.
 */
public class CachingAvroDatumProvider<T> extends DefaultAvroDatumProvider<T> {

    /** A bound, in case some caller hands over a fresh schema instance per record: then the cache starts over. */
    private static final int MAX_ENTRIES = 1_000;

    private record WriterKey(Schema schema, Class<?> type) {}

    private final Map<WriterKey, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private final Map<Schema, DatumReader<T>> readers = new ConcurrentHashMap<>();

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        WriterKey key = new WriterKey(schema, data == null ? null : data.getClass());
        DatumWriter<T> writer = writers.get(key);
        if (writer == null) {
            if (writers.size() >= MAX_ENTRIES) {
                writers.clear();
            }
            writer = super.createDatumWriter(data, schema);
            writers.put(key, writer);
        }
        return writer;
    }

    @Override
    public DatumReader<T> createDatumReader(Schema schema) {
        DatumReader<T> reader = readers.get(schema);
        if (reader == null) {
            if (readers.size() >= MAX_ENTRIES) {
                readers.clear();
            }
            reader = super.createDatumReader(schema);
            readers.put(schema, reader);
        }
        return reader;
    }
}
