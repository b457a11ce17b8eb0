package io.herald.contract.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.herald.schema.ChatMessage;
import io.herald.schema.Mentions;
import io.herald.schema.MessageFormat;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CachingAvroDatumProviderTest {

    @BeforeAll
    static void trustGeneratedClasses() {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
    }

    private final CachingAvroDatumProvider<Object> provider = provider();

    private static CachingAvroDatumProvider<Object> provider() {
        CachingAvroDatumProvider<Object> provider = new CachingAvroDatumProvider<>();
        provider.configure(new AvroSerdeConfig(Map.of(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true)));
        return provider;
    }

    @Test
    void theSerdeConfigurationNamesThisProvider() {
        var config = new AvroSerdeConfig(
                Map.of(AvroSerdeConfig.AVRO_DATUM_PROVIDER, CachingAvroDatumProvider.class.getName()));

        assertThat(config.getAvroDatumProvider()).isEqualTo(CachingAvroDatumProvider.class);
    }

    @Test
    void writersAndReadersAreReusedForTheSameSchema() {
        ChatMessage message = message("disk full");

        assertThat(provider.createDatumWriter(message, message.getSchema()))
                .isSameAs(provider.createDatumWriter(message("other"), ChatMessage.getClassSchema()));
        assertThat(provider.createDatumReader(ChatMessage.getClassSchema()))
                .isSameAs(provider.createDatumReader(ChatMessage.getClassSchema()));
    }

    @Test
    void whatIsWrittenReadsBackAsTheSpecificClass() throws Exception {
        ChatMessage message = message("disk full");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        provider.createDatumWriter(message, message.getSchema()).write(message, encoder);
        encoder.flush();

        Object read = provider.createDatumReader(ChatMessage.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

        assertThat(read).isInstanceOf(ChatMessage.class).isEqualTo(message);
    }

    private static ChatMessage message(String text) {
        return new ChatMessage(null, text, MessageFormat.TEXT, new Mentions(List.of(), List.of(), false));
    }
}
