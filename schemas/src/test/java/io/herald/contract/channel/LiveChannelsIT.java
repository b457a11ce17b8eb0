package io.herald.contract.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.herald.contract.kafka.LocalSchemaRegistry;
import io.herald.schema.ChannelDefinition;
import io.herald.schema.ChannelState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A service's {@link ChannelDirectory} on a real broker: the auto-configuration creates {@code herald.channels}
 * (compacted, one partition) and follows it; definitions written with a plain producer, in the wire format the audit
 * service's serializer writes, apply within seconds; the seed's channel is overridden by its definition; readiness
 * shows the {@code channels} component.
 */
@EmbeddedKafka(partitions = 1)
@SpringBootTest(
        classes = LiveChannelsIT.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "herald.kafka.partitions=1",
            "herald.channels.ops.provider=dingtalk",
            "herald.channels.ops.endpoint=https://oapi.dingtalk.com/robot/send",
            "herald.channels.ops.credentials.access_token=env:OPS_TOKEN",
            "management.endpoints.web.exposure.include=health"
        })
class LiveChannelsIT {

    private static final String TOPIC = "herald.channels";
    private static final long SCHEMA_ID = 1;
    private static final LocalSchemaRegistry REGISTRY = registry();

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Value("${spring.embedded.kafka.brokers}")
    String brokers;

    @Autowired
    ChannelDirectory directory;

    @DynamicPropertySource
    static void registryUrl(DynamicPropertyRegistry registry) {
        registry.add("herald.kafka.registry-url", REGISTRY::url);
    }

    @AfterAll
    static void stopRegistry() {
        REGISTRY.close();
    }

    @Test
    void definitionsWrittenToTheTopicApplyWithinSecondsAndReadinessSaysSo() throws Exception {
        assertThat(directory).isInstanceOf(LiveChannels.class);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Answer ready = get("/actuator/health/readiness");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.read("$.components.channels.status")).isEqualTo("UP");
            assertThat(ready.read("$.components.channels.details.channels", Integer.class))
                    .isEqualTo(1);
        });
        assertThat(directory.find("ops").orElseThrow().endpoint())
                .isEqualTo(URI.create("https://oapi.dingtalk.com/robot/send"));

        // a new channel
        long sent = System.nanoTime();
        send("billing", Definitions.webhook("billing", 1).setTenant("acme").build());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> directory.find("billing").isPresent());
        System.out.printf(
                "a new channel was found %d ms after its definition was written%n",
                Duration.ofNanos(System.nanoTime() - sent).toMillis());
        assertThat(directory.entry("billing").orElseThrow().tenant()).isEqualTo("acme");

        // a change
        send("billing", Definitions.webhook("billing", 2).setRatePerMinute(20).build());
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(directory.find("billing").orElseThrow().ratePerMinute())
                                .isEqualTo(20));

        // disabled: found, with its state
        send(
                "billing",
                Definitions.webhook("billing", 3)
                        .setState(ChannelState.DISABLED)
                        .build());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> directory.entry("billing").orElseThrow().disabled());
        assertThat(directory.find("billing")).isPresent();

        // deleted: an entry, no longer found
        send(
                "billing",
                Definitions.webhook("billing", 4).setState(ChannelState.DELETED).build());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> directory.find("billing").isEmpty());
        assertThat(directory.entry("billing").orElseThrow().version()).isEqualTo(4);
        assertThat(directory.entry("billing").orElseThrow().channel().provider())
                .isEqualTo("webhook");

        // a record that does not decode is skipped; the next one applies
        sendRaw("broken", new byte[] {0, 0, 0, 0, 99, 1, 2, 3});
        // the seed's channel overridden by its definition
        send(
                "ops",
                Definitions.webhook("ops", 1)
                        .setProvider("dingtalk")
                        .setEndpoint("https://ding.example.com/robot/send")
                        .build());
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(directory.find("ops").orElseThrow().endpoint())
                                .isEqualTo(URI.create("https://ding.example.com/robot/send")));
        assertThat(directory.entry("broken")).isEmpty();

        Answer ready = get("/actuator/health/readiness");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.read("$.components.channels.details.lastChange")).isEqualTo("ops v1");
        assertThat(ready.read("$.components.channels.details.deleted", Integer.class))
                .isEqualTo(1);
        assertThat(ready.read("$.components.channels.details.topic")).isEqualTo(TOPIC);
    }

    @Test
    void theTopicIsCreatedCompactedWithOnePartition() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS))
                            .contains(TOPIC));
            TopicDescription description = admin.describeTopics(List.of(TOPIC))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get(TOPIC);
            assertThat(description.partitions()).hasSize(1);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
            Config config = admin.describeConfigs(List.of(resource))
                    .all()
                    .get(10, TimeUnit.SECONDS)
                    .get(resource);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
        }
    }

    private void send(String key, ChannelDefinition definition) throws Exception {
        sendRaw(key, wire(definition));
    }

    private void sendRaw(String key, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get(10, TimeUnit.SECONDS);
        }
    }

    /** The Confluent wire format: magic byte 0, the 4-byte schema id, the Avro binary. */
    private static byte[] wire(ChannelDefinition definition) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.write(ByteBuffer.allocate(4).putInt((int) SCHEMA_ID).array());
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new SpecificDatumWriter<ChannelDefinition>(ChannelDefinition.getClassSchema()).write(definition, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LocalSchemaRegistry registry() {
        try {
            return new LocalSchemaRegistry(Map.of(SCHEMA_ID, ChannelDefinition.getClassSchema()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Answer get(String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JsonPath.parse(response.body()));
    }

    private record Answer(int status, DocumentContext body) {
        String read(String path) {
            return body.read(path, String.class);
        }

        <T> T read(String path, Class<T> type) {
            return body.read(path, type);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {}
}
