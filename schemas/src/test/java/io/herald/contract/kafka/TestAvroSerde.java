package io.herald.contract.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro without a schema registry, for the services' integration tests (schemas test jar): {@code [name length][record
 * class name][Avro binary]}. Those tests check a service's logic and its Kafka wiring; the registry serde is exercised
 * with {@link LocalSchemaRegistry} here and by the end-to-end PipelineIT.
 */
public final class TestAvroSerde {

    private TestAvroSerde() {}

    public static final class AvroSerializer implements Serializer<Object> {
        static {
            HeraldKafkaAutoConfiguration.trustSchemaPackage(); // usable without a Spring context too
        }

        @Override
        public byte[] serialize(String topic, Object data) {
            if (data == null) {
                return null;
            }
            SpecificRecord record = (SpecificRecord) data;
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] name = record.getClass().getName().getBytes(StandardCharsets.UTF_8);
                out.write(ByteBuffer.allocate(4).putInt(name.length).array());
                out.write(name);
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
                new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
                encoder.flush();
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static final class AvroDeserializer implements Deserializer<Object> {
        static {
            HeraldKafkaAutoConfiguration.trustSchemaPackage(); // usable without a Spring context too
        }

        @Override
        public Object deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            try {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                int length = buffer.getInt();
                if (length <= 0 || length > 200) {
                    throw new SerializationException("not a test Avro record");
                }
                byte[] name = new byte[length];
                buffer.get(name);
                Class<?> type = Class.forName(new String(name, StandardCharsets.UTF_8));
                SpecificDatumReader<SpecificRecord> reader =
                        new SpecificDatumReader<>(type.asSubclass(SpecificRecord.class));
                BinaryDecoder decoder = DecoderFactory.get()
                        .binaryDecoder(data, buffer.position(), data.length - buffer.position(), null);
                return reader.read(null, decoder);
            } catch (IOException | ClassNotFoundException | RuntimeException e) {
                throw new SerializationException("cannot read test Avro record: " + e.getMessage(), e);
            }
        }
    }
}
