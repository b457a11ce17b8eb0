package io.herald.audit.store;

import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Avro's JSON encoding of a generated record: readable in the database, and decodable back into the same record with
 * its schema (unions are tagged with their type, timestamps are epoch millis). Audit keeps accepted notifications this
 * way so a later replay can re-publish exactly what was accepted.
 */
public final class AvroJson {

    static {
        // Avro 1.12 refuses to instantiate classes outside trusted packages while decoding.
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
    }

    private AvroJson() {}

    public static String encode(SpecificRecordBase record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Encoder encoder = EncoderFactory.get().jsonEncoder(record.getSchema(), out);
            SpecificDatumWriter<SpecificRecordBase> writer =
                    new SpecificDatumWriter<>(record.getSchema(), record.getSpecificData());
            writer.write(record, encoder);
            encoder.flush();
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + record.getSchema().getFullName() + " as Avro JSON", e);
        }
    }

    public static <T extends SpecificRecordBase> T decode(String json, Class<T> type) {
        try {
            SpecificDatumReader<T> reader = new SpecificDatumReader<>(type);
            return reader.read(null, DecoderFactory.get().jsonDecoder(reader.getSchema(), json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode Avro JSON as " + type.getName(), e);
        }
    }
}
