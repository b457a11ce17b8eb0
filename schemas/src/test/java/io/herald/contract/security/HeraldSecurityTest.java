package io.herald.contract.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shared security of every service, in a web app of its own with two doors (GET /v1/things: READ, POST
 * /v1/things/replay: OPERATOR): static tokens by {@code file:} reference and JWTs signed with a key made here and served
 * as a JWK set by this test; refusals as problem+json; the actuator open only for health.
 */
@SpringBootTest(
        classes = HeraldSecurityTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "herald.security.tokens.reader.secret=file:${test.tokens}/reader",
            "herald.security.tokens.reader.roles=READ",
            "herald.security.tokens.reader.tenants=acme",
            "herald.security.tokens.ops.secret=file:${test.tokens}/ops",
            "herald.security.tokens.ops.roles=OPERATOR",
            "herald.security.tokens.ops.tenants=*",
            "herald.security.cors-allowed-origins=https://console.example.com",
            "management.endpoints.web.exposure.include=health,info,metrics"
        })
class HeraldSecurityTest {

    private static final String READER = "reader-token-0123456789";
    private static final String OPERATOR = "operator-token-0123456789";
    private static final Path TOKENS = tokens();

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        registry.add("test.tokens", TOKENS::toString);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestIssuer::jwkSetUri);
    }

    @Test
    void withoutACredentialEveryDoorButHealthAnswers401ProblemJson() throws Exception {
        for (String path : List.of("/v1/things", "/v1/unmapped", "/actuator/metrics", "/actuator/info", "/actuator")) {
            HttpResponse<String> answer = call(HttpMethod.GET, path, null);
            assertThat(answer.statusCode()).as(path).isEqualTo(401);
            assertThat(answer.headers().firstValue("Content-Type"))
                    .as(path)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(answer.headers().firstValue("WWW-Authenticate")).as(path).hasValue("Bearer realm=\"herald\"");
            assertThat(JsonPath.<String>read(answer.body(), "$.detail"))
                    .isEqualTo("This endpoint needs a credential: send 'Authorization: Bearer <token>'.");
        }
        assertThat(call(HttpMethod.POST, "/v1/things/replay", null).statusCode())
                .isEqualTo(401);
        assertThat(call(HttpMethod.GET, "/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(call(HttpMethod.GET, "/actuator/health/liveness", null).statusCode())
                .isIn(200, 404);
    }

    @Test
    void everyMappedEndpointButHealthRefusesACallerWithoutCredential(
            @org.springframework.beans.factory.annotation.Autowired
                    org.springframework.context.ApplicationContext context)
            throws Exception {
        var endpoints = EveryDoor.mapped(context);
        assertThat(endpoints)
                .contains(
                        "GET /v1/things", "POST /v1/things/replay", "GET /actuator/health", "GET /actuator/metrics/x");

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
    void aWrongTokenIs401AndNeverEchoed() throws Exception {
        HttpResponse<String> answer = call(HttpMethod.GET, "/v1/things", "not-a-token-we-know");

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"herald\", error=\"invalid_token\"");
        assertThat(answer.body()).contains("The credential was not accepted").doesNotContain("not-a-token-we-know");
    }

    @Test
    void aTokenInTheUrlIsNotACredential() throws Exception {
        assertThat(call(HttpMethod.GET, "/v1/things?access_token=" + READER, null)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void aReadTokenReadsAsItsTenantButMayNotReplay() throws Exception {
        HttpResponse<String> read = call(HttpMethod.GET, "/v1/things", READER);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("reader [READ] acme");

        HttpResponse<String> replay = call(HttpMethod.POST, "/v1/things/replay", READER);
        assertThat(replay.statusCode()).isEqualTo(403);
        assertThat(replay.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JsonPath.<String>read(replay.body(), "$.detail"))
                .isEqualTo(
                        "Not allowed for credential 'reader' (roles [READ]): POST /v1/things/replay needs another role.");
        assertThat(call(HttpMethod.GET, "/actuator/metrics", READER).statusCode())
                .isEqualTo(403);
    }

    @Test
    void anOperatorTokenMayReadReplayAndUseTheActuator() throws Exception {
        assertThat(call(HttpMethod.GET, "/v1/things", OPERATOR).body()).isEqualTo("ops [OPERATOR] every tenant");
        assertThat(call(HttpMethod.POST, "/v1/things/replay", OPERATOR).statusCode())
                .isEqualTo(200);
        assertThat(call(HttpMethod.GET, "/actuator/metrics", OPERATOR).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aJwtOfTheIssuerCarriesNameRolesAndTenants() throws Exception {
        String jwt = TestIssuer.jwt(
                "alice", Map.of("herald_roles", List.of("read"), "herald_tenants", List.of("acme", "beta")));

        HttpResponse<String> read = call(HttpMethod.GET, "/v1/things", jwt);

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("alice [READ] acme, beta");
        assertThat(call(HttpMethod.POST, "/v1/things/replay", jwt).statusCode()).isEqualTo(403);
    }

    @Test
    void anExpiredForeignOrRolelessJwtIsRefused() throws Exception {
        Map<String, Object> reader = Map.of("herald_roles", "READ", "herald_tenants", "acme");
        HttpResponse<String> expired = call(
                HttpMethod.GET,
                "/v1/things",
                TestIssuer.jwt("alice", reader, Instant.now().minusSeconds(600)));
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(JsonPath.<String>read(expired.body(), "$.detail")).contains("expired");

        assertThat(call(HttpMethod.GET, "/v1/things", TestIssuer.foreignJwt("alice", reader))
                        .statusCode())
                .as("signed with another key of the same id")
                .isEqualTo(401);
        assertThat(call(HttpMethod.GET, "/v1/things", TestIssuer.jwt("alice", Map.of()))
                        .statusCode())
                .as("no roles")
                .isEqualTo(403);
    }

    @Test
    void answersCarrySpringSecuritysHeadersAndCorsOnlyForTheConfiguredOrigin() throws Exception {
        HttpResponse<String> read = call(HttpMethod.GET, "/v1/things", READER);
        assertThat(read.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(read.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(read.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        assertThat(read.headers().firstValue("Set-Cookie")).isEmpty();

        assertThat(preflight("https://console.example.com").headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("https://console.example.com");
        HttpResponse<String> foreign = preflight("https://evil.example.com");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private HttpResponse<String> preflight(String origin) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/things"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", origin)
                        .header("Access-Control-Request-Method", "GET")
                        .header("Access-Control-Request-Headers", "authorization")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(HttpMethod method, String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method.name(), HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path tokens() {
        try {
            Path dir = Files.createTempDirectory("herald-tokens");
            Files.writeString(dir.resolve("reader"), READER);
            Files.writeString(dir.resolve("ops"), OPERATOR);
            return dir;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration(
            exclude = KafkaAutoConfiguration.class,
            excludeName = "io.herald.contract.kafka.HeraldKafkaAutoConfiguration")
    static class App {

        @Bean
        HeraldDoors doors() {
            return doors -> doors.requestMatchers(org.springframework.http.HttpMethod.GET, "/v1/things")
                    .hasRole(Role.READ.name())
                    .requestMatchers(org.springframework.http.HttpMethod.POST, "/v1/things/replay")
                    .hasRole(Role.OPERATOR.name());
        }

        @Bean
        Things things() {
            return new Things();
        }
    }

    @RestController
    static class Things {

        @GetMapping("/v1/things")
        String read(@AuthenticationPrincipal Caller caller) {
            return caller.name() + " " + caller.roles() + " " + caller.describeTenants();
        }

        @PostMapping("/v1/things/replay")
        String replay() {
            return "replayed";
        }
    }
}
