package io.herald.audit.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.herald.audit.AuditItSupport;
import io.herald.contract.kafka.TestAvroSerde;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ChannelDefinition;
import io.herald.schema.ChannelOrdering;
import io.herald.schema.ChannelOrigin;
import io.herald.schema.ChannelState;
import io.herald.schema.OrderingOnDeadLetter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The channel API over real HTTP, on real PostgreSQL and a real (embedded) Kafka broker, with a fake signer that seals
 * with a known key: every change is a new version in the store and on herald.channels (decoded and opened here), the
 * version check, the tenant rules, the problems naming properties, the seed import, and no secret in any answer, log
 * line, history row or topic byte. Avro goes through a registry-less test serde.
 */
@DirtiesContext
class ChannelApiIT extends AuditItSupport {

    private static final EmbeddedKafkaKraftBroker BROKER = startBroker();
    private static final FakeSigner SIGNER = new FakeSigner();
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Every secret value submitted here: none may appear anywhere but sealed. */
    private static final List<String> SUBMITTED = new ArrayList<>();

    @LocalServerPort
    int port;

    @Autowired
    ChannelStore store;

    @Autowired
    ChannelWriter writer;

    @DynamicPropertySource
    static void brokerAndSigner(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", BROKER::getBrokersAsString);
        registry.add("herald.audit.signer-url", SIGNER::url);
        registry.add("herald.audit.signer-token", () -> "file:" + tokenFile());
        registry.add("herald.kafka.send-timeout", () -> "10s");
        registry.add("herald.audit.channels.seed-import", () -> "true");
    }

    @TestConfiguration
    static class RegistryLessSerde {
        /** Runs after Herald's serde customizers: swaps the Apicurio serializer for {@link TestAvroSerde}. */
        @Bean
        static BeanPostProcessor testAvroSerde() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (bean instanceof DefaultKafkaProducerFactory<?, ?> producers) {
                        producers.updateConfigs(Map.of(
                                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, TestAvroSerde.AvroSerializer.class));
                    }
                    return bean;
                }
            };
        }
    }

    @AfterAll
    static void stop() {
        SIGNER.close();
        BROKER.destroy();
    }

    @Test
    void seedChannelIsImportedAtStartAsVersionOne() {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> call("GET", "/v1/channels/seed-dingtalk", READ_TOKEN, null, null)
                                .statusCode()
                        == 200);
        // (another test disables and enables it, which makes it origin API from then on)
        DocumentContext first = json(call("GET", "/v1/channels/seed-dingtalk/history", READ_TOKEN, null, null));
        assertThat(first.read("$[0].action", String.class)).isEqualTo("SEEDED");
        assertThat(first.read("$[0].by", String.class)).isEqualTo("seed");
        assertThat(first.read("$[0].channel.origin", String.class)).isEqualTo("SEED");
        assertThat(first.read("$[0].channel.tenant", String.class)).isNull();
        assertThat(first.read("$[0].channel.credentials.secret", String.class))
                .isEqualTo("env:HERALD_DEMO_DINGTALK_SECRET");
        assertThat(definitions("seed-dingtalk")).anySatisfy(d -> {
            assertThat(d.getOrigin()).isEqualTo(ChannelOrigin.SEED);
            assertThat(d.getChangedBy()).isEqualTo("seed");
        });
        // a second import (another instance, a restart) changes nothing
        long version = store.current("seed-dingtalk").orElseThrow().version();
        seedImport().importSeed();
        assertThat(store.current("seed-dingtalk").orElseThrow().version()).isEqualTo(version);
        assertThat(LOGS.list)
                .anySatisfy(e -> assertThat(e.getFormattedMessage()).startsWith("seed channel seed-dingtalk:"));
    }

    @Test
    void createdChannelIsVersionOneOnTheTopicWithItsSecretSealed() {
        String name = newName();
        String secret = secret();

        HttpResponse<String> created = call("POST", "/v1/channels", OPERATOR_TOKEN, null, """
                {"name": "%s", "provider": "dingtalk", "endpoint": "https://oapi.dingtalk.com/robot/send",
                 "credentials": {"access-token": "env:DINGTALK_TOKEN"}, "secrets": {"secret": "%s"},
                 "maxAge": "PT30M", "ratePerMinute": 20}""".formatted(name, secret));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(created.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/v1/channels/" + name));
        DocumentContext answer = json(created);
        assertThat(answer.read("$.secrets.secret[0].id", String.class)).isEqualTo("s1");
        assertThat(answer.read("$.secrets.secret[0].addedBy", String.class)).isEqualTo("ops");
        assertThat(answer.read("$.maxAge", String.class)).isEqualTo("PT30M");
        assertThat(answer.read("$.changedBy", String.class)).isEqualTo("ops");

        ChannelDefinition onTopic = definitions(name).getLast();
        assertThat(onTopic.getVersion()).isEqualTo(1);
        assertThat(onTopic.getState()).isEqualTo(ChannelState.ACTIVE);
        assertThat(onTopic.getOrigin()).isEqualTo(ChannelOrigin.API);
        assertThat(onTopic.getMaxAgeMillis()).isEqualTo(Duration.ofMinutes(30).toMillis());
        assertThat(onTopic.getCredentials()).containsEntry("access-token", "env:DINGTALK_TOKEN");
        assertThat(onTopic.getSecrets().get("secret")).singleElement().satisfies(s -> {
            assertThat(s.getId()).isEqualTo("s1");
            assertThat(SIGNER.open(s.getSealed(), name, "secret")).isEqualTo(secret);
        });
    }

    @Test
    void getAnswersTheVersionAsETagAndPutNeedsIt() {
        String name = created(OPERATOR_TOKEN, null);

        HttpResponse<String> read = call("GET", "/v1/channels/" + name, READ_TOKEN, null, null);
        HttpResponse<String> withoutIfMatch =
                call("PUT", "/v1/channels/" + name, OPERATOR_TOKEN, null, body(name, "https://example.com/a"));
        HttpResponse<String> replaced =
                call("PUT", "/v1/channels/" + name, OPERATOR_TOKEN, "\"1\"", body(name, "https://example.com/b"));
        HttpResponse<String> stale =
                call("PUT", "/v1/channels/" + name, OPERATOR_TOKEN, "\"1\"", body(name, "https://example.com/c"));

        assertThat(read.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(withoutIfMatch.statusCode()).isEqualTo(428);
        assertProblem(withoutIfMatch);
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.headers().firstValue("ETag")).hasValue("\"2\"");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(json(stale).read("$.detail", String.class)).contains("version 2");
        assertThat(definitions(name))
                .extracting(ChannelDefinition::getEndpoint)
                .containsExactly("https://example.com/x", "https://example.com/b");
    }

    @Test
    void disableEnableAndDeleteAreVersionsWithTheirStatesAndTheHistoryListsThem() {
        String name = created(OPERATOR_TOKEN, null);

        assertThat(json(call("POST", "/v1/channels/" + name + "/disable", OPERATOR_TOKEN, null, null))
                        .read("$.state", String.class))
                .isEqualTo("DISABLED");
        assertThat(call("POST", "/v1/channels/" + name + "/enable", OPERATOR_TOKEN, "\"1\"", null)
                        .statusCode())
                .isEqualTo(412);
        assertThat(json(call("POST", "/v1/channels/" + name + "/enable", OPERATOR_TOKEN, "\"2\"", null))
                        .read("$.state", String.class))
                .isEqualTo("ACTIVE");
        HttpResponse<String> deleted = call("DELETE", "/v1/channels/" + name, OPERATOR_TOKEN, null, null);

        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.headers().firstValue("ETag")).hasValue("\"4\"");
        assertThat(definitions(name))
                .extracting(ChannelDefinition::getState)
                .containsExactly(ChannelState.ACTIVE, ChannelState.DISABLED, ChannelState.ACTIVE, ChannelState.DELETED);
        DocumentContext history = json(call("GET", "/v1/channels/" + name + "/history", READ_TOKEN, null, null));
        assertThat(history.read("$[*].action", List.class))
                .containsExactly("CREATED", "DISABLED", "ENABLED", "DELETED");
        assertThat(history.read("$[*].by", List.class)).containsOnly("ops");
        assertThat(history.read("$[1].changedFields", List.class)).containsExactly("state");
        assertThat(history.read("$[0].changedFields", List.class)).contains("provider", "endpoint", "credentials.key");
        // deleted: listed only when asked for, changed no more, created again with POST
        assertThat(json(call("GET", "/v1/channels", READ_TOKEN, null, null)).read("$[*].name", List.class))
                .doesNotContain(name);
        assertThat(json(call("GET", "/v1/channels?state=DELETED", READ_TOKEN, null, null))
                        .read("$[*].name", List.class))
                .contains(name);
        assertThat(call("POST", "/v1/channels/" + name + "/enable", OPERATOR_TOKEN, null, null)
                        .statusCode())
                .isEqualTo(409);
        HttpResponse<String> again =
                call("POST", "/v1/channels", OPERATOR_TOKEN, null, body(name, "https://example.com/x"));
        assertThat(again.headers().firstValue("ETag")).hasValue("\"5\"");
    }

    @Test
    void aSeedChannelIsNotDeletedThroughTheApiButMayBeDisabled() {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> store.current("seed-dingtalk").isPresent());

        HttpResponse<String> refused = call("DELETE", "/v1/channels/seed-dingtalk", OPERATOR_TOKEN, null, null);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).read("$.detail", String.class)).contains("seed file", "channels-it.yml");
        assertThat(call("POST", "/v1/channels/seed-dingtalk/disable", OPERATOR_TOKEN, null, null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(call("POST", "/v1/channels/seed-dingtalk/enable", OPERATOR_TOKEN, null, null)
                        .statusCode())
                .isEqualTo(200);
        // changed through the API: the seed import leaves it alone now
        seedImport().importSeed();
        assertThat(store.current("seed-dingtalk").orElseThrow().origin()).isEqualTo(ChannelOrigin.API);
    }

    @Test
    void aTenantSeesAndChangesOnlyItsOwnChannelsAndTheSharedOnesAreReadOnlyForIt() {
        String mine = created(TENANT_A_OPERATOR_TOKEN, null);
        String theirs = created(OPERATOR_TOKEN, TENANT_B);

        assertThat(json(call("GET", "/v1/channels/" + mine, TENANT_A_READ_TOKEN, null, null))
                        .read("$.tenant", String.class))
                .as("a tenant's operator creates for its only tenant by default")
                .isEqualTo(TENANT_A);
        List<String> listed = json(call("GET", "/v1/channels", TENANT_A_READ_TOKEN, null, null))
                .read("$[*].tenant", List.class);
        assertThat(listed).containsOnly(TENANT_A, null);
        // another tenant's channel is answered as unknown (404), not as forbidden
        assertThat(call("GET", "/v1/channels/" + theirs, TENANT_A_READ_TOKEN, null, null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(call("GET", "/v1/channels/" + theirs + "/history", TENANT_A_READ_TOKEN, null, null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(call("POST", "/v1/channels/" + theirs + "/disable", TENANT_A_OPERATOR_TOKEN, null, null)
                        .statusCode())
                .isEqualTo(404);
        // shared channels: visible, not changeable
        await().atMost(Duration.ofSeconds(30))
                .until(() -> store.current("seed-dingtalk").isPresent());
        assertThat(call("POST", "/v1/channels/seed-dingtalk/disable", TENANT_A_OPERATOR_TOKEN, null, null)
                        .statusCode())
                .isEqualTo(403);
        // creating for another tenant, or shared
        HttpResponse<String> forB =
                call("POST", "/v1/channels", TENANT_A_OPERATOR_TOKEN, null, """
                {"name": "%s", "tenant": "%s", "provider": "wecom", "endpoint": "https://example.com/x"}""".formatted(newName(), TENANT_B));
        assertThat(forB.statusCode()).isEqualTo(403);
        assertThat(json(forB).read("$.problems[0].property", String.class)).isEqualTo("tenant");
        // READ alone changes nothing
        assertThat(call("POST", "/v1/channels/" + mine + "/disable", TENANT_A_READ_TOKEN, null, null)
                        .statusCode())
                .isEqualTo(403);
        // names are unique across tenants
        assertThat(call("POST", "/v1/channels", TENANT_A_OPERATOR_TOKEN, null, body(theirs, "https://example.com/x"))
                        .statusCode())
                .isEqualTo(409);
    }

    @Test
    void invalidRequestsAreAnsweredWithEveryProblemNamingItsProperty() {
        String secret = secret();
        HttpResponse<String> answer = call("POST", "/v1/channels", OPERATOR_TOKEN, null, """
                {"name": "Bad Name", "provider": "pigeon", "endpoint": "/relative", "colour": "red",
                 "credentials": {"token": "%s", "secret": "env:S"}, "secrets": {"secret": "%s", "empty": ""},
                 "maxAge": "30 minutes", "maxAttempts": "three"}""".formatted(secret, secret));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertProblem(answer);
        assertThat(json(answer).read("$.problems[*].property", List.class))
                .contains("colour", "secrets.secret", "secrets.empty", "maxAge", "maxAttempts");
        assertThat(answer.body()).doesNotContain(secret);
        HttpResponse<String> rules = call("POST", "/v1/channels", OPERATOR_TOKEN, null, """
                {"name": "Bad Name", "provider": "pigeon", "endpoint": "/relative",
                 "credentials": {"token": "%s"}, "maxMessageBytes": 0}""".formatted(secret));
        assertThat(json(rules).read("$.problems[*].property", List.class))
                .containsExactlyInAnyOrder("name", "provider", "endpoint", "credentials.token", "maxMessageBytes");
        assertThat(rules.body()).doesNotContain(secret);
        String tooLong = "x".repeat(5000);
        HttpResponse<String> big =
                call("POST", "/v1/channels", OPERATOR_TOKEN, null, """
                {"name": "%s", "provider": "webhook", "endpoint": "https://example.com/x", "secrets": {"secret": "%s"}}""".formatted(newName(), tooLong));
        assertThat(json(big).read("$.problems[0].property", String.class)).isEqualTo("secrets.secret");
        assertThat(json(big).read("$.detail", String.class)).contains("at most 4096 bytes");
        assertThat(call("POST", "/v1/channels", OPERATOR_TOKEN, null, "{\"name\": \"" + "y".repeat(70_000) + "\"}")
                        .statusCode())
                .isEqualTo(413);
    }

    @Test
    void aRouteNamesExistingChatChannelsOfItsTenantInOrder() {
        String wecom = created(OPERATOR_TOKEN, null);
        String theirs = created(OPERATOR_TOKEN, TENANT_B);
        String dns = newName();
        assertThat(call("POST", "/v1/channels", OPERATOR_TOKEN, null, """
                        {"name": "%s", "provider": "tencentcloud", "endpoint": "https://dnspod.tencentcloudapi.com",
                         "credentials": {"secret-id": "env:ID", "secret-key": "env:KEY"}}""".formatted(dns))
                        .statusCode())
                .isEqualTo(201);
        String primary = newName();

        HttpResponse<String> created =
                call("POST", "/v1/channels", OPERATOR_TOKEN, null, """
                {"name": "%s", "provider": "dingtalk", "endpoint": "https://oapi.dingtalk.com/robot/send",
                 "credentials": {"access-token": "env:T", "secret": "env:S"},
                 "fallbacks": ["%s"], "fallbackAfterOpen": "PT5M"}""".formatted(primary, wecom));
        HttpResponse<String> refused =
                call("POST", "/v1/channels", TENANT_A_OPERATOR_TOKEN, null, """
                {"name": "%s", "provider": "dingtalk", "endpoint": "https://oapi.dingtalk.com/robot/send",
                 "fallbacks": ["nowhere", "%s", "%s"]}""".formatted(newName(), dns, theirs));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).read("$.fallbacks", List.class)).containsExactly(wecom);
        assertThat(json(created).read("$.fallbackAfterOpen", String.class)).isEqualTo("PT5M");
        assertThat(definitions(primary).getLast().getFallbacks()).containsExactly(wecom);
        assertThat(definitions(primary).getLast().getFallbackAfterOpenMillis()).isEqualTo(300_000L);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertProblem(refused);
        assertThat(json(refused).read("$.problems[*].message", List.class))
                .containsExactly(
                        "no channel named 'nowhere'",
                        "'" + dns + "' is not a chat channel ('tencentcloud' takes API calls)",
                        // another tenant's channel is not told apart from none
                        "no channel named '" + theirs + "'");
    }

    @Test
    void anOrderedChannelShowsItsSettingsAndAResumeIsANewVersionThatAChangeKeeps() {
        String name = newName();
        HttpResponse<String> created = call("POST", "/v1/channels", OPERATOR_TOKEN, null, """
                {"name": "%s", "provider": "webhook", "endpoint": "https://example.com/ordered",
                 "ordering": "strict", "onDeadLetter": "stop"}""".formatted(name));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).read("$.ordering", String.class)).isEqualTo("strict");
        assertThat(json(created).read("$.onDeadLetter", String.class)).isEqualTo("stop");
        assertThat(json(created).read("$.orderResumedAt", String.class)).isNull();
        assertThat(definitions(name).getLast().getOrdering()).isEqualTo(ChannelOrdering.STRICT);
        assertThat(definitions(name).getLast().getOnDeadLetter()).isEqualTo(OrderingOnDeadLetter.STOP);

        String resumePath = "/v1/channels/" + name + "/ordering/resume";
        assertThat(call("POST", resumePath, OPERATOR_TOKEN, "\"7\"", null).statusCode())
                .isEqualTo(412);
        assertThat(call("POST", resumePath, READ_TOKEN, null, null).statusCode())
                .isEqualTo(403);
        HttpResponse<String> resumed = call("POST", resumePath, OPERATOR_TOKEN, "\"1\"", null);

        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(resumed.headers().firstValue("ETag")).hasValue("\"2\"");
        java.time.Instant resumedAt = java.time.Instant.parse(json(resumed).read("$.orderResumedAt", String.class));
        assertThat(definitions(name).getLast().getOrderResumedAt()).isEqualTo(resumedAt);
        DocumentContext history = json(call("GET", "/v1/channels/" + name + "/history", READ_TOKEN, null, null));
        assertThat(history.read("$[*].action", List.class)).containsExactly("CREATED", "ORDER_RESUMED");
        assertThat(history.read("$[0].changedFields", List.class)).contains("ordering", "onDeadLetter");
        assertThat(history.read("$[1].changedFields", List.class)).containsExactly("orderResumedAt");

        // a replace does not carry orderResumedAt, and keeps it: else the stop it ended would hold again
        HttpResponse<String> released = call("PUT", "/v1/channels/" + name, OPERATOR_TOKEN, "\"2\"", """
                {"provider": "webhook", "endpoint": "https://example.com/ordered", "ordering": "strict",
                 "onDeadLetter": "release"}""");
        assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
        assertThat(json(released).read("$.orderResumedAt", String.class)).isEqualTo(resumedAt.toString());
        assertThat(definitions(name).getLast().getOrderResumedAt()).isEqualTo(resumedAt);
        assertThat(definitions(name).getLast().getOnDeadLetter()).isNull();
        assertThat(json(call("GET", "/v1/channels/" + name + "/history", READ_TOKEN, null, null))
                        .read("$[2].changedFields", List.class))
                .containsExactly("onDeadLetter");
    }

    @Test
    void onlyAnOrderedChannelIsResumedAndBadOrderingValuesAreNamed() {
        String plain = created(OPERATOR_TOKEN, null);
        String theirs = created(OPERATOR_TOKEN, TENANT_B);

        HttpResponse<String> notOrdered =
                call("POST", "/v1/channels/" + plain + "/ordering/resume", OPERATOR_TOKEN, null, null);
        assertThat(notOrdered.statusCode()).isEqualTo(409);
        assertProblem(notOrdered);
        assertThat(json(notOrdered).read("$.detail", String.class)).contains("keeps no order (ordering none)");
        assertThat(call("POST", "/v1/channels/" + theirs + "/ordering/resume", TENANT_A_OPERATOR_TOKEN, null, null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(store.history(plain)).hasSize(1);

        HttpResponse<String> bad = call("POST", "/v1/channels", OPERATOR_TOKEN, null, """
                {"name": "%s", "provider": "webhook", "endpoint": "https://example.com/x",
                 "ordering": "fifo", "onDeadLetter": "drop"}""".formatted(newName()));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertProblem(bad);
        assertThat(json(bad).read("$.problems[*].message", List.class))
                .containsExactly("must be one of strict, none", "must be one of release, stop");
        assertThat(bad.body()).doesNotContain("io.herald", "java.");
        HttpResponse<String> stopUnordered =
                call("POST", "/v1/channels", OPERATOR_TOKEN, null, """
                {"name": "%s", "provider": "webhook", "endpoint": "https://example.com/x",
                 "onDeadLetter": "stop"}""".formatted(newName()));
        assertThat(stopUnordered.statusCode()).isEqualTo(400);
        assertThat(json(stopUnordered).read("$.problems[0].property", String.class))
                .isEqualTo("onDeadLetter");
        assertThat(json(stopUnordered).read("$.problems[0].message", String.class))
                .startsWith("stop needs ordering strict");
    }

    @Test
    void anOrderedSeedChannelIsImportedAndItsResumeSurvivesTheNextImport() {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> store.current("seed-ordered").isPresent());
        DocumentContext seeded = json(call("GET", "/v1/channels/seed-ordered", READ_TOKEN, null, null));
        assertThat(seeded.read("$.ordering", String.class)).isEqualTo("strict");
        assertThat(seeded.read("$.onDeadLetter", String.class)).isEqualTo("stop");
        assertThat(definitions("seed-ordered").getFirst().getOnDeadLetter()).isEqualTo(OrderingOnDeadLetter.STOP);

        assertThat(call("POST", "/v1/channels/seed-ordered/ordering/resume", TENANT_A_OPERATOR_TOKEN, null, null)
                        .statusCode())
                .as("shared: resumed only by a caller acting for every tenant")
                .isEqualTo(403);
        HttpResponse<String> resumed =
                call("POST", "/v1/channels/seed-ordered/ordering/resume", OPERATOR_TOKEN, null, null);
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        ChannelVersion afterResume = store.current("seed-ordered").orElseThrow();
        seedImport().importSeed();

        assertThat(afterResume.origin()).as("a resume changes no definition").isEqualTo(ChannelOrigin.SEED);
        ChannelVersion afterImport = store.current("seed-ordered").orElseThrow();
        assertThat(afterImport.version()).isEqualTo(afterResume.version());
        assertThat(afterImport.channel().orderResumedAt())
                .isNotNull()
                .isEqualTo(afterResume.channel().orderResumedAt());
    }

    @Test
    void secretsRotateByAddingTheNewAndRetiringTheOld() {
        String name = newName();
        String first = secret();
        String second = secret();
        call("POST", "/v1/channels", OPERATOR_TOKEN, null, """
                {"name": "%s", "provider": "webhook", "endpoint": "https://example.com/hook", "secrets": {"secret": "%s"}}""".formatted(name, first));

        HttpResponse<String> added = call(
                "POST",
                "/v1/channels/" + name + "/secrets/secret",
                OPERATOR_TOKEN,
                "\"1\"",
                "{\"value\": \"" + second + "\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(json(added).read("$.id", String.class)).isEqualTo("s2");
        assertThat(definitions(name).getLast().getSecrets().get("secret"))
                .extracting(s -> SIGNER.open(s.getSealed(), name, "secret"))
                .containsExactly(first, second);

        HttpResponse<String> retired =
                call("DELETE", "/v1/channels/" + name + "/secrets/secret/s1", OPERATOR_TOKEN, null, null);
        HttpResponse<String> last =
                call("DELETE", "/v1/channels/" + name + "/secrets/secret/s2", OPERATOR_TOKEN, null, null);

        assertThat(json(retired).read("$.secrets.secret[*].id", List.class)).containsExactly("s2");
        assertThat(last.statusCode()).isEqualTo(409);
        assertThat(definitions(name).getLast().getSecrets().get("secret"))
                .extracting(s -> SIGNER.open(s.getSealed(), name, "secret"))
                .containsExactly(second);
        assertThat(json(call("GET", "/v1/channels/" + name + "/history", READ_TOKEN, null, null))
                        .read("$[*].action", List.class))
                .containsExactly("CREATED", "SECRET_ADDED", "SECRET_RETIRED");
    }

    @Test
    void aSignerThatRefusesOrIsDownChangesNothingAndIsNamed() {
        String name = newName();
        SIGNER.failWith.set(503);
        try {
            HttpResponse<String> refused =
                    call("POST", "/v1/channels", OPERATOR_TOKEN, null, """
                    {"name": "%s", "provider": "webhook", "endpoint": "https://example.com/x", "secrets": {"secret": "%s"}}""".formatted(name, secret()));
            assertThat(refused.statusCode()).isEqualTo(502);
            assertThat(json(refused).read("$.detail", String.class)).contains("signer", "HTTP 503");
        } finally {
            SIGNER.failWith.set(0);
        }
        assertThat(call("GET", "/v1/channels/" + name, READ_TOKEN, null, null).statusCode())
                .isEqualTo(404);
        assertThat(store.history(name)).isEmpty();
    }

    @Test
    void aVersionTakenMeanwhileIsRefusedAndNotPublished() {
        String name = created(OPERATOR_TOKEN, null);
        ChannelVersion current = store.current(name).orElseThrow();
        ChannelVersion first = current.inState(
                ChannelState.DISABLED, ChannelAction.DISABLED, ChannelOrigin.API, "one", current.changedAt());
        ChannelVersion second = current.inState(
                ChannelState.DELETED, ChannelAction.DELETED, ChannelOrigin.API, "two", current.changedAt());

        writer.write(first);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> writer.write(second))
                .isInstanceOf(DuplicateKeyException.class);

        assertThat(definitions(name))
                .extracting(ChannelDefinition::getChangedBy)
                .containsExactly("ops", "one");
    }

    @Test
    void testSendsATestNotificationAndAnswers202WhileItIsInFlight() {
        String name = created(OPERATOR_TOKEN, null);

        HttpResponse<String> answer =
                call("POST", "/v1/channels/" + name + "/test?wait=PT1S", OPERATOR_TOKEN, null, null);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        String id = json(answer).read("$.notificationId", String.class);
        assertThat(json(answer).read("$.inFlight", Boolean.class)).isTrue();
        ConsumerRecord<String, byte[]> sent = records("herald.accepted").stream()
                .filter(r -> new String(r.value(), StandardCharsets.ISO_8859_1).contains(id))
                .findFirst()
                .orElseThrow();
        AcceptedNotification notification =
                (AcceptedNotification) new TestAvroSerde.AvroDeserializer().deserialize("", sent.value());
        assertThat(sent.key()).isEqualTo(name);
        assertThat(notification.getAttributes()).containsEntry("herald.test", "true");
        assertThat(notification.getChannel()).isEqualTo(name);

        assertThat(json(call("POST", "/v1/channels/" + name + "/test?wait=PT5M", OPERATOR_TOKEN, null, null))
                        .read("$.problems[0].property", String.class))
                .isEqualTo("wait");
        assertThat(call("POST", "/v1/channels/" + name + "/test", READ_TOKEN, null, null)
                        .statusCode())
                .isEqualTo(403);
        String api = newName();
        call("POST", "/v1/channels", OPERATOR_TOKEN, null, """
                {"name": "%s", "provider": "tencentcloud", "endpoint": "https://sms.tencentcloudapi.com",
                 "credentials": {"secret-id": "env:TC_ID", "secret-key": "env:TC_KEY"}}""".formatted(api));
        HttpResponse<String> noCall =
                call("POST", "/v1/channels/" + api + "/test?wait=PT1S", OPERATOR_TOKEN, null, null);
        assertThat(noCall.statusCode()).isEqualTo(400);
        assertThat(json(noCall).read("$.problems[0].property", String.class)).isEqualTo("apiCall");
    }

    @Test
    void noSubmittedSecretAppearsInAnswersHistoryLogsOrTopicBytes() {
        String name = newName();
        String secret = secret();
        call("POST", "/v1/channels", OPERATOR_TOKEN, null, """
                {"name": "%s", "provider": "dingtalk", "endpoint": "https://oapi.dingtalk.com/robot/send",
                 "credentials": {"access-token": "env:T"}, "secrets": {"secret": "%s"}}""".formatted(name, secret));
        call("PUT", "/v1/channels/" + name, OPERATOR_TOKEN, "\"1\"", """
                {"provider": "dingtalk", "endpoint": "https://oapi.dingtalk.com/robot/send",
                 "credentials": {"access-token": "env:T"}, "secrets": {"secret": "%s"}}""".formatted(secret()));

        List<String> answers = List.of(
                call("GET", "/v1/channels/" + name, READ_TOKEN, null, null).body(),
                call("GET", "/v1/channels", READ_TOKEN, null, null).body(),
                call("GET", "/v1/channels/" + name + "/history", READ_TOKEN, null, null)
                        .body());
        List<String> topicBytes = records("herald.channels").stream()
                .map(r -> new String(r.value(), StandardCharsets.ISO_8859_1))
                .toList();
        List<String> history = new org.springframework.jdbc.core.JdbcTemplate(dataSource())
                .queryForList(
                        "SELECT definition::text || changed_fields::text FROM audit.channel_version", String.class);
        List<String> logs =
                LOGS.list.stream().map(ILoggingEvent::getFormattedMessage).toList();

        assertThat(SUBMITTED).hasSizeGreaterThan(3);
        for (String submitted : SUBMITTED) {
            assertThat(answers).noneMatch(a -> a.contains(submitted));
            assertThat(topicBytes).noneMatch(b -> b.contains(submitted));
            assertThat(history).noneMatch(h -> h.contains(submitted));
            assertThat(logs).noneMatch(l -> l.contains(submitted));
        }
        assertThat(json(call("GET", "/v1/channels/" + name + "/history", READ_TOKEN, null, null))
                        .read("$[1].changedFields", List.class))
                .containsExactly("secrets.secret");
    }

    // --- helpers

    private SeedImport seedImport() {
        return applicationContext.getBean(SeedImport.class);
    }

    @Autowired
    org.springframework.context.ApplicationContext applicationContext;

    private javax.sql.DataSource dataSource() {
        return applicationContext.getBean(javax.sql.DataSource.class);
    }

    private String created(String token, String tenant) {
        String name = newName();
        String body = tenant == null ? body(name, "https://example.com/x") : """
                {"name": "%s", "tenant": "%s", "provider": "wecom", "endpoint": "https://example.com/x"}""".formatted(name, tenant);
        HttpResponse<String> created = call("POST", "/v1/channels", token, null, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    private static String body(String name, String endpoint) {
        return """
                {"name": "%s", "provider": "wecom", "endpoint": "%s", "credentials": {"key": "env:WECOM_KEY"}}""".formatted(name, endpoint);
    }

    private static String newName() {
        return "it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String secret() {
        String secret = "SEC" + UUID.randomUUID().toString().replace("-", "");
        SUBMITTED.add(secret);
        return secret;
    }

    /** Every ChannelDefinition written for this name, oldest first. */
    private static List<ChannelDefinition> definitions(String name) {
        return records("herald.channels").stream()
                .filter(r -> name.equals(r.key()))
                .map(r -> (ChannelDefinition) new TestAvroSerde.AvroDeserializer().deserialize("", r.value()))
                .toList();
    }

    private static List<ConsumerRecord<String, byte[]>> records(String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.getBrokersAsString(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            return records;
        }
    }

    private HttpResponse<String> call(String method, String path, String token, String ifMatch, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static DocumentContext json(HttpResponse<String> response) {
        return JsonPath.parse(response.body());
    }

    private static void assertProblem(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    private static EmbeddedKafkaKraftBroker startBroker() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, "herald.channels", "herald.accepted");
        broker.afterPropertiesSet();
        return broker;
    }

    /** After Spring Boot configured logging (it resets what was attached before), once. */
    @org.junit.jupiter.api.BeforeEach
    void captureLogs() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (!root.isAttached(LOGS)) {
            LOGS.start();
            root.addAppender(LOGS);
        }
    }

    private static Path tokenFile() {
        try {
            Path file = Files.createTempFile("audit-signer-token", "");
            Files.writeString(file, FakeSigner.TOKEN);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
