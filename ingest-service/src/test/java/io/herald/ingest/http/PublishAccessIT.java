package io.herald.ingest.http;

import static io.herald.ingest.TestCredentials.ACME;
import static io.herald.ingest.TestCredentials.ACME_AND_BETA;
import static io.herald.ingest.TestCredentials.ACME_DINGTALK_ONLY;
import static io.herald.ingest.TestCredentials.BETA;
import static io.herald.ingest.TestCredentials.GATEWAY;
import static io.herald.ingest.TestCredentials.OPERATOR;
import static io.herald.ingest.TestCredentials.READER;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import io.herald.contract.kafka.TestAvroSerde;
import io.herald.contract.openapi.ApiDocs;
import io.herald.contract.security.EveryDoor;
import io.herald.ingest.TestCredentials;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.RejectedNotification;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may publish what over HTTP (issue 16), against the running ingest with a real (embedded) Kafka broker and
 * PostgreSQL 17: every door but health needs a credential; publishing needs PUBLISH; the notification's tenant comes
 * from the credential (one tenant: that one; several: the body names one of them; every tenant: as the body says);
 * a credential limited to channels publishes to those only; only a credential of every tenant chooses the
 * notification id (ids are global); static tokens ({@code file:} references) and JWTs signed with a key made here,
 * served as a JWK set by this test. A refused request writes nothing: no record on herald.accepted or herald.rejected
 * (read from the broker), no idempotency key in the ledger. Requests of tenant-bound credentials carry no
 * notificationId: they are found by the id answered in the 202, or by a marker in their text and Idempotency-Key.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // the actuator on the server port (one context for the doors and health checks); ManagementPortIT
            // (signer) and the local stack run it on its own port, as configured
            "management.server.port=",
            "herald.channels-file=src/test/resources/channels-it.yml",
            "herald.kafka.registry-url=http://127.0.0.1:9/apis/registry/v3",
            "herald.kafka.partitions=1",
            "spring.kafka.listener.auto-startup=false"
        })
@DirtiesContext
class PublishAccessIT {

    private static final EmbeddedKafkaKraftBroker BROKER = startBroker();
    private static final EmbeddedPostgres POSTGRES = startPostgres();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", BROKER::getBrokersAsString);
        registry.add("spring.datasource.url", () -> POSTGRES.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        registry.add(
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                io.herald.contract.security.TestIssuer::jwkSetUri);
        TestCredentials.register(registry);
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
    static void stop() throws IOException {
        POSTGRES.close();
        BROKER.destroy();
    }

    @Test
    void noDoorButHealthAnswersWithoutACredential(@Autowired ApplicationContext context) throws Exception {
        var endpoints = EveryDoor.mapped(context);
        assertThat(endpoints)
                .contains(
                        "POST /v1/notifications",
                        "GET /v3/api-docs",
                        "GET /actuator/health",
                        "GET /actuator/metrics/x",
                        "GET /actuator/info");

        var answers = EveryDoor.call("http://127.0.0.1:" + port, endpoints, null);

        assertThat(answers)
                .filteredOn(answer -> !EveryDoor.isOpen(answer))
                .isNotEmpty()
                .allSatisfy(answer ->
                        assertThat(answer.status()).as(answer.toString()).isEqualTo(401));
        // open: health and its groups (GET /actuator/health/x is an unknown component: 404, not 401)
        assertThat(answers)
                .filteredOn(EveryDoor::isOpen)
                .isNotEmpty()
                .allSatisfy(answer ->
                        assertThat(answer.status()).as(answer.toString()).isNotEqualTo(401));
        assertThat(answers).contains(new EveryDoor.Answer("GET", "/actuator/health", 200));
        assertThat(TopicRecords.all(BROKER.getBrokersAsString(), "herald.rejected"))
                .as("the empty body POSTed to /v1/notifications was not read")
                .isEmpty();
    }

    @Test
    void withoutACredentialARequestIs401ProblemJsonBeforeItsBodyIsReadAndNothingIsWritten() throws Exception {
        String id = marker();
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(uri("/v1/notifications"))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", id)
                        .POST(HttpRequest.BodyPublishers.ofString(message(id, null, "no credential")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"herald\"");
        assertThat(JSON.readTree(answer.body()).get("detail").asString())
                .isEqualTo("This endpoint needs a credential: send 'Authorization: Bearer <token>'.");
        assertNothingWritten(id);

        // a body declared larger than herald.ingest.max-request-body: the credential is asked for first, not the size
        HttpResponse<String> large = http.send(
                HttpRequest.newBuilder(uri("/v1/notifications"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(
                                        () -> new NotificationApiIT.FakeBody(5_000_000)),
                                5_000_000))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(large.statusCode()).isEqualTo(401);
    }

    @Test
    void aWrongTokenIs401AndNeverEchoed() throws Exception {
        String id = marker();

        HttpResponse<String> answer = publish("Bearer not-a-token-ingest-knows", message(id, null, "wrong token"), id);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"herald\", error=\"invalid_token\"");
        assertThat(answer.body())
                .contains("The credential was not accepted")
                .doesNotContain("not-a-token-ingest-knows");
        assertNothingWritten(id);
    }

    @Test
    void aReadOrOperatorTokenMayNotPublish() throws Exception {
        for (TestCredentials.Token token : List.of(READER, OPERATOR)) {
            String id = marker();

            HttpResponse<String> answer = publish(token.bearer(), message(id, null, "not a publisher"), id);

            assertThat(answer.statusCode()).as(token.name()).isEqualTo(403);
            assertThat(answer.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(answer.body()).get("detail").asString())
                    .isEqualTo("Not allowed for credential '" + token.name() + "' (roles [" + token.roles()
                            + "]): POST /v1/notifications needs another role.");
            assertNothingWritten(id);
        }
    }

    @Test
    void aCredentialOfOneTenantPublishesAsThatTenant() throws Exception {
        String unnamed = marker();
        String named = marker();

        String unnamedId = acceptedId(publish(ACME.bearer(), message(unnamed, null, "no tenant in the body"), null));
        String namedId = acceptedId(publish(ACME.bearer(), message(named, "acme", "its own tenant named"), null));

        assertThat(accepted(unnamedId).getTenant()).isEqualTo("acme");
        assertThat(accepted(namedId).getTenant()).isEqualTo("acme");
    }

    @Test
    void aCredentialOfOneTenantNamingAnotherIs403NamingBothAndWritesNothing() throws Exception {
        String id = marker();

        HttpResponse<String> answer = publish(ACME.bearer(), message(id, "beta", "as another tenant"), id);

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:herald:problem:tenant-not-allowed");
        assertThat(problem.get("detail").asString()).isEqualTo("credential 'acme' publishes for tenant acme, not beta");
        assertNothingWritten(id);
    }

    @Test
    void aCredentialOfSeveralTenantsNamesOneOfThem() throws Exception {
        String none = marker();
        HttpResponse<String> unnamed = publish(ACME_AND_BETA.bearer(), message(none, null, "which tenant?"), none);
        assertThat(unnamed.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(unnamed.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:herald:problem:tenant-required");
        assertThat(problem.get("detail").asString())
                .isEqualTo("1 field is invalid: tenant; credential 'acme-and-beta' "
                        + "publishes for tenants acme, beta: name one of them in the body's tenant");
        assertThat(problem.get("violations").get(0).get("field").asString()).isEqualTo("tenant");
        assertThat(problem.get("violations").get(0).get("code").asString()).isEqualTo("missing");
        assertNothingWritten(none);

        String other = marker();
        HttpResponse<String> another =
                publish(ACME_AND_BETA.bearer(), message(other, "gamma", "not its tenant"), other);
        assertThat(another.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(another.body()).get("detail").asString())
                .isEqualTo("credential 'acme-and-beta' publishes for tenants acme, beta, not gamma");
        assertNothingWritten(other);

        String beta = marker();
        assertThat(accepted(acceptedId(publish(ACME_AND_BETA.bearer(), message(beta, "beta", "as beta"), beta)))
                        .getTenant())
                .isEqualTo("beta");
    }

    @Test
    void aGatewayOfEveryTenantPublishesForTheTenantTheBodyNamesOrNone() throws Exception {
        String beta = marker();
        String none = marker();

        // a gateway manages ids for its tenants: it may choose them (answered as chosen)
        assertThat(acceptedId(publish(GATEWAY.bearer(), withId(beta, "beta", "for beta"), null)))
                .isEqualTo(beta);
        assertThat(acceptedId(publish(GATEWAY.bearer(), withId(none, null, "for no tenant"), null)))
                .isEqualTo(none);

        assertThat(accepted(beta).getTenant()).isEqualTo("beta");
        assertThat(accepted(none).getTenant()).isNull();
    }

    @Test
    void aCredentialLimitedToChannelsIs403ForAnyOtherChannelNamingIt() throws Exception {
        String id = marker();
        // it also chooses an id: the channel is told first
        String body = "{\"channel\":\"demo-tencent\",\"notificationId\":\"" + id
                + "\",\"apiCall\":{\"action\":\"DescribeDomainList\",\"body\":{}}}";

        HttpResponse<String> answer = publish(ACME_DINGTALK_ONLY.bearer(), body, id);

        assertThat(answer.statusCode()).isEqualTo(403);
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:herald:problem:channel-not-allowed");
        assertThat(problem.get("detail").asString())
                .isEqualTo(
                        "credential 'acme-dingtalk' may not publish to channel 'demo-tencent'; it publishes to channel demo-dingtalk");
        assertNothingWritten(id);
        // the same request for its channel is published, as its tenant
        String allowed = marker();
        assertThat(accepted(acceptedId(publish(
                                ACME_DINGTALK_ONLY.bearer(), message(allowed, null, "on its channel"), allowed)))
                        .getTenant())
                .isEqualTo("acme");
    }

    @Test
    void aSignedJwtPublishesAsTheTenantOfItsClaim() throws Exception {
        String jwt = TestCredentials.jwt(
                "ci-pipeline", Map.of("herald_roles", List.of("publish"), "herald_tenants", List.of("acme")));
        String id = marker();

        assertThat(accepted(acceptedId(publish(jwt, message(id, null, "from a JWT"), id)))
                        .getTenant())
                .isEqualTo("acme");

        String beta = marker();
        HttpResponse<String> another = publish(jwt, message(beta, "beta", "as beta"), beta);
        assertThat(another.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(another.body()).get("detail").asString())
                .isEqualTo("credential 'ci-pipeline' publishes for tenant acme, not beta");
        assertNothingWritten(beta);

        String reader = marker();
        String readJwt = TestCredentials.jwt("dashboard", Map.of("herald_roles", "read", "herald_tenants", "acme"));
        assertThat(publish(readJwt, message(reader, null, "a reader's JWT"), reader)
                        .statusCode())
                .isEqualTo(403);
        String foreign = marker();
        String foreignJwt = TestCredentials.foreignJwt(
                "ci-pipeline", Map.of("herald_roles", List.of("publish"), "herald_tenants", List.of("acme")));
        assertThat(publish(foreignJwt, message(foreign, null, "signed elsewhere"), foreign)
                        .statusCode())
                .as("signed with a key the issuer does not serve")
                .isEqualTo(401);
        assertNothingWritten(reader);
        assertNothingWritten(foreign);
    }

    @Test
    void aCredentialThatDoesNotActForEveryTenantMayNotChooseTheNotificationIdAndWritesNothing() throws Exception {
        String jwt = TestCredentials.jwt(
                "ci-pipeline", Map.of("herald_roles", List.of("publish"), "herald_tenants", List.of("acme")));
        Map<String, String> credentials =
                Map.of("acme", ACME.bearer(), "acme-and-beta", ACME_AND_BETA.bearer(), "ci-pipeline", jwt);
        for (var credential : credentials.entrySet()) {
            // with an Idempotency-Key (the id would not even be reserved in the ledger) and without one
            for (boolean withKey : List.of(true, false)) {
                String id = marker();

                HttpResponse<String> answer =
                        publish(credential.getValue(), withId(id, "acme", "my own id"), withKey ? id : null);

                String what = credential.getKey() + (withKey ? " with Idempotency-Key" : "");
                assertThat(answer.statusCode()).as(what).isEqualTo(403);
                assertThat(answer.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
                JsonNode problem = JSON.readTree(answer.body());
                assertThat(problem.get("type").asString()).isEqualTo("urn:herald:problem:notification-id-not-allowed");
                assertThat(problem.get("detail").asString())
                        .isEqualTo("credential '" + credential.getKey()
                                + "' may not choose the notification id: ids are shared by every tenant, so only a credential "
                                + "of every tenant (a gateway) may; leave notificationId out (Herald makes one, answered in "
                                + "the 202 and Location) and send an Idempotency-Key to make retries safe");
                assertNothingWritten(id);
            }
        }
        // the gateway's own chosen id is still published as chosen
        String gateway = marker();
        assertThat(acceptedId(publish(GATEWAY.bearer(), withId(gateway, "acme", "a gateway's id"), gateway)))
                .isEqualTo(gateway);
        assertThat(accepted(gateway).getTenant()).isEqualTo("acme");
    }

    @Test
    void aPublisherOfAnotherTenantCannotPublishUnderAnIdAcmeUsed() throws Exception {
        String acmeKey = marker();
        HttpResponse<String> acme = publish(ACME.bearer(), message(acmeKey, null, "acme's deploy"), acmeKey);
        String acmeId = acceptedId(acme);
        assertThat(acme.headers().firstValue("Location")).hasValue("/v1/notifications/" + acmeId);

        for (String betaKey : Arrays.asList(marker(), null)) {
            String marker = marker();
            HttpResponse<String> beta = publish(BETA.bearer(), withId(acmeId, null, "beta's event " + marker), betaKey);

            assertThat(beta.statusCode())
                    .as("beta under acme's id, Idempotency-Key " + betaKey)
                    .isEqualTo(403);
            assertThat(JSON.readTree(beta.body()).get("type").asString())
                    .isEqualTo("urn:herald:problem:notification-id-not-allowed");
            assertThat(beta.body()).doesNotContain("acme's deploy");
            assertNothingWritten(marker);
            if (betaKey != null) {
                assertNothingWritten(betaKey);
            }
        }
        // acme's notification is still acme's alone: one record under its id, one ledger row
        assertThat(accepted(acmeId).getTenant()).isEqualTo("acme");
        assertThat(JdbcClient.create(POSTGRES.getPostgresDatabase())
                        .sql("SELECT count(*) FROM ingest.idempotency_key WHERE notification_id = :id")
                        .param("id", acmeId)
                        .query(Long.class)
                        .single())
                .isOne();
    }

    @Test
    void theSameIdempotencyKeyFromTwoTenantsIsTwoNotifications() throws Exception {
        String key = "deploy-" + UUID.randomUUID();
        String body = "{\"channel\":\"demo-dingtalk\",\"message\":{\"text\":\"deploy finished\"}}";

        HttpResponse<String> acme = publish(ACME.bearer(), body, key);
        HttpResponse<String> beta = publish(BETA.bearer(), body, key);

        assertThat(acme.statusCode()).isEqualTo(202);
        assertThat(beta.statusCode()).as("not acme's duplicate").isEqualTo(202);
        String acmeId = JSON.readTree(acme.body()).get("id").asString();
        String betaId = JSON.readTree(beta.body()).get("id").asString();
        assertThat(betaId).isNotEqualTo(acmeId);
        assertThat(accepted(acmeId).getTenant()).isEqualTo("acme");
        assertThat(accepted(betaId).getTenant()).isEqualTo("beta");

        HttpResponse<String> acmeAgain = publish(ACME.bearer(), body, key);
        assertThat(acmeAgain.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(acmeAgain.body()).get("id").asString()).isEqualTo(acmeId);
        HttpResponse<String> betaChanged =
                publish(BETA.bearer(), "{\"channel\":\"demo-dingtalk\",\"message\":{\"text\":\"deploy failed\"}}", key);
        assertThat(betaChanged.statusCode()).isEqualTo(422);
        assertThat(betaChanged.body()).contains(betaId).doesNotContain(acmeId);
    }

    /** A fresh marker: the Idempotency-Key of the request that uses it, in its text too (or its chosen id). */
    private static String marker() {
        return "n-" + UUID.randomUUID();
    }

    /** A request for demo-dingtalk without notificationId (Herald makes it), {@code marker} at the end of its text. */
    private static String message(String marker, String tenant, String text) {
        return "{\"channel\":\"demo-dingtalk\""
                + (tenant == null ? "" : ",\"tenant\":\"" + tenant + "\"")
                + ",\"message\":{\"text\":\"" + text + " " + marker + "\"}}";
    }

    /** A request for demo-dingtalk whose caller chooses the notification id. */
    private static String withId(String notificationId, String tenant, String text) {
        return "{\"channel\":\"demo-dingtalk\",\"notificationId\":\"" + notificationId + "\""
                + (tenant == null ? "" : ",\"tenant\":\"" + tenant + "\"")
                + ",\"message\":{\"text\":\"" + text + "\"}}";
    }

    /** The id a 202 answered (also in its Location). */
    private static String acceptedId(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        String id = JSON.readTree(answer.body()).get("id").asString();
        assertThat(answer.headers().firstValue("Location")).hasValue("/v1/notifications/" + id);
        return id;
    }

    @Test
    void theApiDescriptionNeedsAnyCredentialAndDescribesPublishing() throws Exception {
        String base = "http://127.0.0.1:" + port;
        HttpResponse<String> anonymous = ApiDocs.fetch(base, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("/v1/notifications");
        // any valid credential reads it, whatever its role: a reader of another service's API too
        assertThat(ApiDocs.fetch(base, TestCredentials.READER.bearer()).statusCode())
                .isEqualTo(200);

        DocumentContext document = ApiDocs.read(base, TestCredentials.ACME.bearer());

        ApiDocs.assertBearerEverywhere(document);
        assertThat(document.read("$.info.title", String.class)).isEqualTo("herald-ingest API");
        assertThat(document.read("$.paths", Map.class)).containsOnlyKeys("/v1/notifications");
        assertThat(ApiDocs.statuses(document, "/v1/notifications", "post"))
                .contains("202", "200", "400", "401", "403", "413", "422", "503");
        for (String status : List.of("400", "413", "422", "503")) {
            assertThat(ApiDocs.problemResponse(document, "/v1/notifications", "post", status))
                    .as(status)
                    .isTrue();
        }
        assertThat(document.read("$.paths['/v1/notifications'].post.parameters[*].name", List.class))
                .containsExactly("Idempotency-Key");
        String body = "$.paths['/v1/notifications'].post.requestBody";
        assertThat(document.read(body + ".required", Boolean.class)).isTrue();
        String request = ApiDocs.refName(document, body + ".content['application/json'].schema.$ref");
        assertThat(ApiDocs.properties(document, request))
                .containsExactlyInAnyOrder(
                        "channel", "notificationId", "idempotencyKey", "tenant", "attributes", "message", "apiCall");
        assertThat(document.read("$.components.schemas['" + request + "'].required", List.class))
                .containsExactly("channel");
        // the mapper refuses unknown fields: so does the description
        assertThat(document.read("$.components.schemas['" + request + "'].additionalProperties", Boolean.class))
                .isFalse();
        String message = ApiDocs.refName(document, "$.components.schemas['" + request + "'].properties.message.$ref");
        assertThat(ApiDocs.properties(document, message)).contains("text", "format", "title", "mentions");
        String apiCall = ApiDocs.refName(document, "$.components.schemas['" + request + "'].properties.apiCall.$ref");
        assertThat(ApiDocs.properties(document, apiCall))
                .contains("action", "version", "region", "method", "path", "body");
        String answer = ApiDocs.refName(
                document, "$.paths['/v1/notifications'].post.responses['202'].content['application/json'].schema.$ref");
        assertThat(ApiDocs.properties(document, answer)).containsExactlyInAnyOrder("id", "status");
        assertThat(document.jsonString()).doesNotContain("io.herald", "byte[]");
    }

    private HttpResponse<String> publish(String authorization, String json, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/v1/notifications"))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The notification accepted under {@code id}, read from herald.accepted (answered 202: already written). */
    private static AcceptedNotification accepted(String id) {
        List<AcceptedNotification> found = TopicRecords.all(BROKER.getBrokersAsString(), "herald.accepted").stream()
                .map(AcceptedNotification.class::cast)
                .filter(notification -> notification.getNotificationId().equals(id))
                .toList();
        assertThat(found).as("accepted notification " + id).hasSize(1);
        return found.getFirst();
    }

    /**
     * Neither topic holds a record that mentions {@code marker} (as its notification id, idempotency key or in its
     * text), nor the ledger a row of it. An answer comes only after the broker acknowledged what was written, so
     * reading the topics now sees anything this request wrote.
     */
    private static void assertNothingWritten(String marker) {
        assertThat(TopicRecords.all(BROKER.getBrokersAsString(), "herald.accepted"))
                .noneMatch(record -> ((AcceptedNotification) record).toString().contains(marker));
        assertThat(TopicRecords.all(BROKER.getBrokersAsString(), "herald.rejected"))
                .noneMatch(record -> ((RejectedNotification) record).toString().contains(marker));
        assertThat(JdbcClient.create(POSTGRES.getPostgresDatabase())
                        .sql("SELECT count(*) FROM ingest.idempotency_key WHERE key = :key OR notification_id = :key")
                        .param("key", marker)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static EmbeddedKafkaKraftBroker startBroker() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        return broker;
    }

    private static EmbeddedPostgres startPostgres() {
        try {
            return EmbeddedPostgres.builder().setRegisterShutdownHook(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
