package io.herald.audit.ordering;

import static io.herald.audit.Fixtures.accepted;
import static io.herald.audit.Fixtures.attempt;
import static io.herald.audit.Fixtures.newId;
import static io.herald.audit.ordering.OrderingStatesFixture.state;
import static io.herald.audit.ordering.OrderingStatesFixture.stop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.herald.audit.ApiClient;
import io.herald.audit.AuditItSupport;
import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelCatalog;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.channel.ChannelEntry;
import io.herald.contract.kafka.TestAvroSerde;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ChannelState;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.Outcome;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Ordered channels end to end through the audit, on a real (embedded) Kafka broker and the real PostgreSQL: ordering
 * states written to herald.ordering are answered by GET /v1/ordering to the callers that may see their channels (a
 * record that does not decode skipped with one line), and a try written to herald.attempts that waits behind an earlier
 * notification is a WAITING entry of its timeline, not a failure. Avro goes through a registry-less test serde; the
 * channel directory is a fixed one with tenants' ordered channels.
 */
@DirtiesContext
class OrderingApiIT extends AuditItSupport {

    private static final EmbeddedKafkaKraftBroker BROKER = startBroker();
    private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", BROKER::getBrokersAsString);
        registry.add("spring.kafka.listener.auto-startup", () -> "true");
        registry.add("herald.audit.ordering.follow", () -> "true");
    }

    @TestConfiguration
    static class Wiring {
        /** Runs after Herald's serde customizers: the listeners and the ordering follower read {@link TestAvroSerde}. */
        @Bean
        static BeanPostProcessor testAvroDeserializer() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (bean instanceof DefaultKafkaConsumerFactory<?, ?> consumers) {
                        consumers.updateConfigs(Map.of(
                                ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS,
                                TestAvroSerde.AvroDeserializer.class));
                    }
                    return bean;
                }
            };
        }

        /** The seed's channels and four ordered ones: tenant-a's, tenant-b's, a shared one, a quiet one of tenant-a. */
        @Bean
        ChannelDirectory testChannels(ChannelCatalog seed) {
            ChannelDirectory fixed = ChannelDirectory.fixed(seed);
            Map<String, ChannelEntry> ordered = Map.of(
                    "ordered-a", ordered("ordered-a", TENANT_A),
                    "ordered-b", ordered("ordered-b", TENANT_B),
                    "ordered-shared", ordered("ordered-shared", null),
                    "ordered-quiet", ordered("ordered-quiet", TENANT_A));
            return new ChannelDirectory() {
                @Override
                public Optional<ChannelEntry> entry(String name) {
                    return ordered.containsKey(name) ? Optional.of(ordered.get(name)) : fixed.entry(name);
                }

                @Override
                public Map<String, Channel> channels() {
                    Map<String, Channel> all = new HashMap<>(fixed.channels());
                    ordered.forEach((name, entry) -> all.put(name, entry.channel()));
                    return all;
                }

                @Override
                public void onChange(Consumer<ChannelEntry> listener) {}
            };
        }

        private static ChannelEntry ordered(String name, String tenant) {
            Channel channel = new Channel(
                    "dingtalk",
                    URI.create("https://oapi.dingtalk.com/robot/send"),
                    Map.of("access_token", "env:T"),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    Channel.Ordering.STRICT,
                    Channel.OnDeadLetter.STOP,
                    null);
            return new ChannelEntry(name, tenant, ChannelState.ACTIVE, channel, Map.of(), 1);
        }
    }

    @BeforeEach
    void captureLogs() {
        Logger logger = (Logger) LoggerFactory.getLogger(OrderingStates.class);
        if (!logger.isAttached(LOGS)) {
            LOGS.start();
            logger.addAppender(LOGS);
        }
    }

    @AfterAll
    static void stopBroker() {
        BROKER.destroy();
    }

    @Test
    void orderingStatesOnTheTopicAreAnsweredToTheCallersThatMaySeeTheirChannels() {
        String head = newId();
        String behind = newId();
        send("herald.ordering", "ordered-a", state("ordered-a", T0, head).build());
        // a record that does not decode, then the channel's next state: skipped, the next one applies
        sendBytes("herald.ordering", "ordered-a", "{\"json\": true}".getBytes(StandardCharsets.UTF_8));
        send(
                "herald.ordering",
                "ordered-a",
                state("ordered-a", T0.plusSeconds(5), head, behind)
                        .setHeadDueAt(T0.plusSeconds(40))
                        .setHeadLast("RETRYABLE 130101 send too fast, exceed 20 times per minute")
                        .build());
        send("herald.ordering", "ordered-b", state("ordered-b", T0, "n-b-1").build());
        send(
                "herald.ordering",
                "ordered-shared",
                state("ordered-shared", T0.plusSeconds(9), "n-b-2")
                        .setStopped(stop("n-b-0", "PERMANENT 310000 sign not match", T0.plusSeconds(8)))
                        .build());

        ApiClient everyTenant = new ApiClient(port, READ_TOKEN);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> JsonPath.parse(everyTenant.get("/v1/ordering").body())
                        .read("$[?(@.channel == 'ordered-a')].waiting", List.class)
                        .equals(List.of(2)));

        DocumentContext all = json(everyTenant.get("/v1/ordering"));
        // seed-ordered: ordered in the seed file (channels-it.yml), nothing written for it yet
        assertThat(all.read("$[*].channel", List.class))
                .containsExactly("ordered-a", "ordered-b", "ordered-quiet", "ordered-shared", "seed-ordered");
        DocumentContext a = json(everyTenant.get("/v1/ordering/ordered-a"));
        assertThat(a.read("$", Map.class))
                .containsOnlyKeys("channel", "state", "head", "waiting", "stopped", "updatedAt")
                .containsEntry("channel", "ordered-a")
                .containsEntry("state", "waiting")
                .containsEntry("waiting", 2)
                .containsEntry("stopped", null)
                .containsEntry("updatedAt", "2025-03-01T08:00:05Z");
        assertThat(a.read("$.head", Map.class))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "notificationId",
                        head,
                        "sequence",
                        7,
                        "dueAt",
                        "2025-03-01T08:00:40Z",
                        "last",
                        "RETRYABLE 130101 send too fast, exceed 20 times per minute"));
        DocumentContext shared = json(everyTenant.get("/v1/ordering/ordered-shared"));
        assertThat(shared.read("$.state", String.class)).isEqualTo("stopped");
        assertThat(shared.read("$.stopped", Map.class))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "notificationId", "n-b-0",
                        "reason", "PERMANENT 310000 sign not match",
                        "at", "2025-03-01T08:00:08Z"));
        DocumentContext quiet = json(everyTenant.get("/v1/ordering/ordered-quiet"));
        assertThat(quiet.read("$.state", String.class)).isEqualTo("clear");
        assertThat(quiet.read("$.waiting", Integer.class)).isZero();

        // the undecodable record: one line naming it, no stack trace
        assertThat(LOGS.list)
                .filteredOn(e -> e.getFormattedMessage().contains("'ordered-a'"))
                .singleElement()
                .satisfies(line -> {
                    assertThat(line.getFormattedMessage())
                            .startsWith("Skipped the ordering state of channel 'ordered-a' at offset 1 of"
                                    + " herald.ordering: it does not decode");
                    assertThat(line.getThrowableProxy()).isNull();
                });

        // tenant-a: its channels and the shared ones, whose notification ids of another tenant are hidden
        ApiClient tenantA = new ApiClient(port, TENANT_A_READ_TOKEN);
        assertThat(json(tenantA.get("/v1/ordering")).read("$[*].channel", List.class))
                .containsExactly("ordered-a", "ordered-quiet", "ordered-shared", "seed-ordered");
        DocumentContext sharedForA = json(tenantA.get("/v1/ordering/ordered-shared"));
        assertThat(sharedForA.read("$.stopped.notificationId", String.class)).isNull();
        assertThat(sharedForA.read("$.head.notificationId", String.class)).isNull();
        HttpResponse<String> other = tenantA.get("/v1/ordering/ordered-b");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(other).read("$.detail", String.class))
                .isEqualTo("No ordered channel 'ordered-b': it is unknown, not ordered (ordering: strict), or not one"
                        + " of your tenants'.");
        assertThat(everyTenant.get("/v1/ordering/seed-dingtalk").statusCode())
                .as("a channel that is not ordered")
                .isEqualTo(404);

        // every door needs a credential
        assertThat(new ApiClient(port, null).get("/v1/ordering").statusCode()).isEqualTo(401);
        assertThat(new ApiClient(port, null).get("/v1/ordering/ordered-a").statusCode())
                .isEqualTo(401);
    }

    @Test
    void aTryWaitingBehindAnEarlierNotificationIsAWaitOnItsTimelineNotAFailure() {
        String head = newId();
        String behind = newId();
        for (String id : List.of(head, behind)) {
            send(
                    "herald.accepted",
                    "ordered-a",
                    AcceptedNotification.newBuilder(accepted(id))
                            .setTenant(TENANT_A)
                            .setChannel("ordered-a")
                            .build());
        }
        DeliveryAttempt failed = attempt(head, 1, Outcome.RETRYABLE);
        failed.setTenant(TENANT_A);
        failed.setChannel("ordered-a");
        send("herald.attempts", head, failed);
        DeliveryAttempt held = attempt(behind, 1, Outcome.RETRYABLE);
        held.setTenant(TENANT_A);
        held.setChannel("ordered-a");
        held.setHttpStatus(null);
        held.setProviderCode(null);
        held.setProviderMessage(null);
        held.setLatencyMs(0);
        held.setNotSentCause("ordered");
        held.setWaitingBehind(head);
        held.setError("not sent: waiting behind notification " + head + " (its next try at 2025-03-01T08:00:40Z)");
        send("herald.attempts", behind, held);

        ApiClient tenantA = new ApiClient(port, TENANT_A_READ_TOKEN);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> response = tenantA.get("/v1/notifications/" + behind);
            // herald.accepted and herald.attempts are read apart: wait for both (a WAITING entry alone may be the one
            // saying no dispatcher serves dingtalk here)
            return response.statusCode() == 200
                    && json(response).read("$.timeline[*].type", List.class).contains("ACCEPTED")
                    && !json(response)
                            .read("$.timeline[?(@.notSentCause == 'ordered')]", List.class)
                            .isEmpty();
        });

        DocumentContext waiting = json(tenantA.get("/v1/notifications/" + behind));
        assertThat(waiting.read("$.status", String.class)).isEqualTo("ACCEPTED");
        assertThat(waiting.read("$.lastOutcome", String.class)).isNull();
        // (no dispatcher serves dingtalk on this broker: the last look at it may add its WAITING entry at the end)
        assertThat(waiting.read("$.timeline[*].type", List.class)).startsWith("ACCEPTED", "SIGNED", "WAITING");
        Map<String, Object> entry = waiting.read("$.timeline[2]", Map.class);
        assertThat(entry)
                .containsEntry("attempt", 1)
                .containsEntry("waitingBehind", head)
                .containsEntry("notSentCause", "ordered")
                .containsEntry("provider", null)
                .containsEntry(
                        "reason",
                        "held by its ordered channel (a wait, not a failure): waiting behind notification " + head
                                + " (its next try at 2025-03-01T08:00:40Z)");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "RETRYING"
                        .equals(json(tenantA.get("/v1/notifications/" + head)).read("$.status")));
        // a search for retryable failures of the channel finds the head, not the one waiting behind it
        assertThat(json(tenantA.get("/v1/notifications?channel=ordered-a&class=RETRYABLE"))
                        .read("$.items[*].id", List.class))
                .contains(head)
                .doesNotContain(behind);
    }

    private static DocumentContext json(HttpResponse<String> response) {
        return JsonPath.parse(response.body());
    }

    private static void send(String topic, String key, Object value) {
        try (KafkaProducer<String, Object> producer =
                new KafkaProducer<>(producerConfig(TestAvroSerde.AvroSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to " + topic, e);
        }
    }

    private static void sendBytes(String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to " + topic, e);
        }
    }

    private static Map<String, Object> producerConfig(Class<?> valueSerializer) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                BROKER.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                valueSerializer);
    }

    private static EmbeddedKafkaKraftBroker startBroker() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(
                1,
                1,
                "herald.ordering",
                "herald.accepted",
                "herald.rejected",
                "herald.attempts",
                "herald.dead-letters",
                "herald.channels");
        broker.afterPropertiesSet();
        return broker;
    }
}
