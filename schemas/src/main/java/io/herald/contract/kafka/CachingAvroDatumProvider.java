package io.herald.contract.kafka;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;

/**
 * Apicurio's default Avro datum provider, with its datum writers and readers cached by schema instance.
 *
 * <p>Why: the default looks its cached writer or reader up by the schema's parsing fingerprint, which it computes on
 * every record (canonical form of the whole schema, then a 64-bit fingerprint): profiling the signer showed a third of
 * its CPU there, on both the consumer and the producer side. The schemas are the generated classes' static ones
 * (writing) and the registry client's cached ones (reading), so the same few instances come back every time; a
 * lookup by instance (cached hash, {@code ==} before {@code equals}) is enough. Writers and readers are shared
 * between threads exactly as the default shares them. Configured for every Herald serde by
 * {@link HeraldKafkaAutoConfiguration}.
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
