package io.herald.signer;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.contract.openapi.ApiDocs;
import io.herald.contract.security.EveryDoor;
import io.herald.contract.security.TestIssuer;
import io.herald.provider.webhook.StandardWebhookSigner;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ChatMessage;
import io.herald.schema.HttpCall;
import io.herald.schema.SignedDelivery;
import io.herald.schema.Source;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The signer's doors (issue 16), in the signer started as configured: a preview (a valid signature for any payload at
 * any timestamp) only for an OPERATOR, a re-sign only for the dispatchers' SERVICE credential, nothing but health and
 * the metrics scrape without a credential. Static tokens by {@code file:} reference, and JWTs signed with a key made
 * here, served as a JWK set by this test. No broker runs (as in {@link HealthProbesIT}): neither door writes to Kafka.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // the actuator on the server port (one context for the doors and health checks); ManagementPortIT
            // (signer) and the local stack run it on its own port, as configured
            "management.server.port=",
            "spring.kafka.bootstrap-servers=127.0.0.1:9",
            "herald.live-channels.follow=false",
            "spring.kafka.admin.auto-create=false",
            "herald.kafka.registry-url=http://127.0.0.1:9/apis/registry/v3",
            "herald.channels-file=src/test/resources/doors/channels.yml",
            "herald.signer.clock.probe-channels=false",
            "herald.security.tokens.reader.secret=file:${test.tokens}/reader",
            "herald.security.tokens.reader.roles=READ",
            "herald.security.tokens.reader.tenants=*",
            "herald.security.tokens.operator.secret=file:${test.tokens}/operator",
            "herald.security.tokens.operator.roles=OPERATOR",
            "herald.security.tokens.operator.tenants=*",
            "herald.security.tokens.dispatcher.secret=file:${test.tokens}/dispatcher",
            "herald.security.tokens.dispatcher.roles=SERVICE",
            "herald.security.tokens.dispatcher.tenants=*"
        })
class SignerDoorsIT {

    private static final String READER = "reader-token-5f1c0e7a9b";
    private static final String OPERATOR = "operator-token-0d9e8f7a6b";
    private static final String DISPATCHER = "dispatcher-token-3c4b5a6d7e";
    private static final Path TOKENS = tokens();
    private static final String PREVIEW = "/v1/signatures/preview";
    private static final String RESIGN = "/internal/v1/resign";
    private static final String AVRO = "application/vnd.herald.signed-delivery+avro";
    private static final String PARTNER_PAYMENT = """
            {"channel":"partner-hooks","message":{"text":"pay 100 to account 42"},"timestamp":"2030-01-01T00:00:00Z"}""";

    static {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void credentials(DynamicPropertyRegistry registry) {
        registry.add("test.tokens", TOKENS::toString);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestIssuer::jwkSetUri);
    }

    @AfterAll
    static void forgetTokens() throws Exception {
        for (String name : List.of("reader", "operator", "dispatcher")) {
            Files.deleteIfExists(TOKENS.resolve(name));
        }
        Files.deleteIfExists(TOKENS);
    }

    @Test
    void everyMappedEndpointButHealthRefusesACallerWithoutCredential(@Autowired ApplicationContext context)
            throws Exception {
        var endpoints = EveryDoor.mapped(context);
        assertThat(endpoints)
                .contains(
                        "POST " + PREVIEW,
                        "POST " + RESIGN,
                        "GET /v3/api-docs",
                        "GET /actuator/health",
                        "GET /actuator/metrics");

        var answers = EveryDoor.call("http://127.0.0.1:" + port, endpoints, null);

        assertThat(answers)
                .filteredOn(answer -> !EveryDoor.isOpen(answer))
                .isNotEmpty()
                .allSatisfy(answer ->
                        assertThat(answer.status()).as(answer.toString()).isEqualTo(401));
        assertThat(answers)
                .filteredOn(EveryDoor::isOpen)
                .isNotEmpty()
                .allSatisfy(answer ->
                        assertThat(answer.status()).as(answer.toString()).isNotEqualTo(401));
    }

    @Test
    void previewRefusesACallerWithoutCredentialAndSignsNothing() throws Exception {
        HttpResponse<String> answer =
                post(PREVIEW, "application/json", PARTNER_PAYMENT.getBytes(StandardCharsets.UTF_8), null);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JsonPath.<String>read(answer.body(), "$.detail"))
                .isEqualTo("This endpoint needs a credential: send 'Authorization: Bearer <token>'.");
        assertThat(answer.body()).doesNotContain("v1,", "webhook-signature");
    }

    @Test
    void previewRefusesAReaderAndTheDispatchersServiceCredential() throws Exception {
        HttpResponse<String> reader = preview(READER);
        assertThat(reader.statusCode()).isEqualTo(403);
        assertThat(JsonPath.<String>read(reader.body(), "$.detail"))
                .isEqualTo(
                        "Not allowed for credential 'reader' (roles [READ]): POST /v1/signatures/preview needs another role.");

        HttpResponse<String> service = preview(DISPATCHER);
        assertThat(service.statusCode()).isEqualTo(403);
        assertThat(JsonPath.<String>read(service.body(), "$.detail"))
                .isEqualTo(
                        "Not allowed for credential 'dispatcher' (roles [SERVICE]): POST /v1/signatures/preview needs another role.");
    }

    @Test
    void previewGivesAnOperatorTheSignatureThePartnerWouldAccept() throws Exception {
        HttpResponse<String> answer = preview(OPERATOR);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertSignedForThePartner(answer);
    }

    @Test
    void previewGivesAnOperatorJwtOfTheIssuerTheSignatureAndRefusesAReaderJwt() throws Exception {
        String operator = jwt("oncall-alice", List.of("operator"));
        String reader = jwt("analyst-bob", List.of("read"));

        HttpResponse<String> answer = preview(operator);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertSignedForThePartner(answer);

        HttpResponse<String> refused = preview(reader);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(JsonPath.<String>read(refused.body(), "$.detail"))
                .startsWith("Not allowed for credential 'analyst-bob'");
    }

    @Test
    void resignRefusesACallerWithoutCredentialAndAWrongToken() throws Exception {
        HttpResponse<String> anonymous = post(RESIGN, AVRO, encoded(stale()), null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));

        HttpResponse<String> wrong = post(RESIGN, AVRO, encoded(stale()), "dispatcher-token-guessed");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JsonPath.<String>read(wrong.body(), "$.detail")).startsWith("The credential was not accepted");
        assertThat(wrong.body()).doesNotContain("dispatcher-token-guessed");
    }

    @Test
    void resignRefusesAnOperator() throws Exception {
        HttpResponse<String> answer = post(RESIGN, AVRO, encoded(stale()), OPERATOR);

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(JsonPath.<String>read(answer.body(), "$.detail"))
                .isEqualTo(
                        "Not allowed for credential 'operator' (roles [OPERATOR]): POST /internal/v1/resign needs another role.");
        assertThat(post(RESIGN, AVRO, encoded(stale()), jwt("oncall-alice", List.of("operator")))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void resignSignsAfreshForTheDispatchersServiceCredential() throws Exception {
        SignedDelivery stale = stale();

        HttpResponse<byte[]> answer =
                http.send(request(RESIGN, AVRO, encoded(stale), DISPATCHER), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(answer.statusCode()).isEqualTo(200);
        SignedDelivery fresh = SignedDelivery.getDecoder().decode(answer.body());
        assertThat(fresh.getNotification().getNotificationId())
                .isEqualTo(stale.getNotification().getNotificationId());
        assertThat(fresh.getAttempt()).isEqualTo(2);
        assertThat(fresh.getSignedAt()).isAfter(stale.getSignedAt());
        assertThat(fresh.getRequest().getUrl()).startsWith("http://127.0.0.1:9/cgi-bin/webhook/send?key=");
    }

    @Test
    void theApiDescriptionNeedsAnyCredentialAndDescribesThePreviewNotTheInternalResign() throws Exception {
        String base = "http://127.0.0.1:" + port;
        assertThat(ApiDocs.fetch(base, null).statusCode()).isEqualTo(401);
        assertThat(ApiDocs.fetch(base, "Bearer " + READER + "x").statusCode()).isEqualTo(401);
        // any valid credential, whatever its role: neither a reader nor the dispatchers may preview, both read this
        assertThat(ApiDocs.fetch(base, "Bearer " + DISPATCHER).statusCode()).isEqualTo(200);

        DocumentContext document = ApiDocs.read(base, "Bearer " + READER);

        ApiDocs.assertBearerEverywhere(document);
        assertThat(document.read("$.paths", Map.class)).containsOnlyKeys(PREVIEW);
        assertThat(ApiDocs.statuses(document, PREVIEW, "post")).contains("200", "400", "401", "403", "404", "422");
        for (String status : List.of("400", "404", "422")) {
            assertThat(ApiDocs.problemResponse(document, PREVIEW, "post", status))
                    .as(status)
                    .isTrue();
        }
        String request = ApiDocs.refName(
                document, "$.paths['" + PREVIEW + "'].post.requestBody.content['application/json'].schema.$ref");
        assertThat(ApiDocs.properties(document, request)).contains("channel", "message", "apiCall", "timestamp");
        String message = ApiDocs.refName(document, "$.components.schemas['" + request + "'].properties.message.$ref");
        assertThat(ApiDocs.properties(document, message)).contains("text", "format", "title");
        String apiCall = ApiDocs.refName(document, "$.components.schemas['" + request + "'].properties.apiCall.$ref");
        assertThat(ApiDocs.properties(document, apiCall)).contains("action", "version", "method", "body");
        assertThat(document.read("$.paths['" + PREVIEW + "'].post.responses['200'].content", Map.class))
                .containsOnlyKeys("application/json");
        assertThat(document.jsonString()).doesNotContain(RESIGN, "resign");
    }

    private void assertSignedForThePartner(HttpResponse<String> answer) throws Exception {
        DocumentContext body = JsonPath.parse(answer.body());
        assertThat(body.read("$.timestamp", String.class)).isEqualTo("2030-01-01T00:00:00Z");
        Map<String, String> headers = body.read("$.request.headers");
        byte[] key = StandardWebhookSigner.keys(
                        "partner-hooks",
                        Files.readString(Path.of("src/test/resources/doors/webhook-secret"))
                                .strip())
                .getFirst();
        String expected = StandardWebhookSigner.sign(
                key,
                headers.get("webhook-id"),
                1893456000L,
                body.read("$.request.body", String.class).getBytes(StandardCharsets.UTF_8));
        assertThat(body.read("$.signature", String.class)).isEqualTo(expected);
    }

    private HttpResponse<String> preview(String bearer) throws Exception {
        return post(PREVIEW, "application/json", PARTNER_PAYMENT.getBytes(StandardCharsets.UTF_8), bearer);
    }

    private HttpResponse<String> post(String path, String contentType, byte[] body, String bearer) throws Exception {
        return http.send(request(path, contentType, body, bearer), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path, String contentType, byte[] body, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return request.build();
    }

    /** A WeCom robot's second try as the dispatcher would hand it back (WeCom stamps no time: signable without a clock). */
    private static SignedDelivery stale() {
        Instant signedAt = Instant.now().minus(Duration.ofHours(1));
        return SignedDelivery.newBuilder()
                .setNotification(AcceptedNotification.newBuilder()
                        .setNotificationId("doors-1")
                        .setChannel("doors-wecom")
                        .setProvider("wecom")
                        .setContent(ChatMessage.newBuilder()
                                .setText("disk full on db-1")
                                .build())
                        .setSource(Source.HTTP)
                        .setAcceptedAt(signedAt)
                        .build())
                .setAttempt(2)
                .setSignedAt(signedAt)
                .setNotAfter(signedAt)
                .setRequest(HttpCall.newBuilder()
                        .setMethod("POST")
                        .setUrl("http://127.0.0.1:9/cgi-bin/webhook/send?key=***")
                        .setHeaders(Map.of())
                        .setBody(ByteBuffer.wrap(new byte[0]))
                        .build())
                .build();
    }

    private static byte[] encoded(SignedDelivery delivery) throws Exception {
        ByteBuffer buffer = SignedDelivery.getEncoder().encode(delivery);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static String jwt(String subject, List<String> roles) {
        return TestIssuer.jwt(subject, Map.of("herald_roles", roles, "herald_tenants", List.of("*")));
    }

    private static Path tokens() {
        try {
            Path dir = Files.createTempDirectory("herald-signer-tokens");
            Files.writeString(dir.resolve("reader"), READER);
            Files.writeString(dir.resolve("operator"), OPERATOR);
            Files.writeString(dir.resolve("dispatcher"), DISPATCHER);
            return dir;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
