package io.herald.contract.kafka;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/** Apicurio's Avro serializer over Herald's registry client, which has deadlines ({@link RegistryClients}). */
public class HeraldAvroSerializer implements Serializer<Object> {

    private Serializer<Object> delegate;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        delegate = new AvroKafkaSerializer<>(RegistryClients.facade(configs));
        delegate.configure(configs, isKey);
    }

    @Override
    public byte[] serialize(String topic, Object data) {
        return delegate.serialize(topic, data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Object data) {
        return delegate.serialize(topic, headers, data);
    }

    @Override
    public void close() {
        if (delegate != null) {
            delegate.close();
        }
    }
}
