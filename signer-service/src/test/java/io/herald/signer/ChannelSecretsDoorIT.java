package io.herald.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.JsonPath;
import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.contract.secret.SecretUnavailableException;
import io.herald.schema.ChannelSecret;
import io.herald.schema.SealedSecrets;
import io.herald.signer.secrets.ChannelSecrets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code POST /internal/v1/channel-secrets} in the signer started as configured, with a channel-secrets key: the audit
 * service's SERVICE credential gets a sealed secret that opens for that channel and credential only; no other caller
 * gets anything; the value is in no answer and no log line (web logging at DEBUG). No broker runs, as in
 * {@link SignerDoorsIT}.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=",
            "spring.kafka.bootstrap-servers=127.0.0.1:9",
            "herald.live-channels.follow=false",
            "spring.kafka.admin.auto-create=false",
            "herald.kafka.registry-url=http://127.0.0.1:9/apis/registry/v3",
            "herald.channels-file=src/test/resources/doors/channels.yml",
            "herald.signer.clock.probe-channels=false",
            "herald.signer.channel-secrets.keys.c1=file:${test.tokens}/channel-key",
            "herald.signer.channel-secrets.active-key=c1",
            "herald.security.tokens.operator.secret=file:${test.tokens}/operator",
            "herald.security.tokens.operator.roles=OPERATOR",
            "herald.security.tokens.operator.tenants=*",
            "herald.security.tokens.audit.secret=file:${test.tokens}/audit",
            "herald.security.tokens.audit.roles=SERVICE",
            "herald.security.tokens.audit.tenants=*",
            "logging.level.org.springframework.web=DEBUG",
            "logging.level.io.herald=DEBUG"
        })
class ChannelSecretsDoorIT {

    private static final String OPERATOR = "operator-token-7e6d5c4b3a";
    private static final String AUDIT = "audit-token-1a2b3c4d5e";
    private static final byte[] KEY = new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32
    };
    private static final Path TOKENS = tokens();
    private static final String PATH = "/internal/v1/channel-secrets";
    private static final String SECRET = "whsec_dGhpcy1pcy10aGUtcGFydG5lci1zZWNyZXQ=";
    private static final String BODY =
            "{\"channel\":\"partner-hooks\",\"credential\":\"secret\",\"value\":\"" + SECRET + "\"}";

    static {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void credentials(DynamicPropertyRegistry registry) {
        registry.add("test.tokens", TOKENS::toString);
    }

    @AfterAll
    static void forgetTokens() throws Exception {
        for (String name : List.of("operator", "audit", "channel-key")) {
            Files.deleteIfExists(TOKENS.resolve(name));
        }
        Files.deleteIfExists(TOKENS);
    }

    @Test
    void theServiceCredentialGetsASealedSecretThatOpensForThatChannelAndCredentialOnly(CapturedOutput output)
            throws Exception {
        HttpResponse<String> answer = post(BODY, AUDIT);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).doesNotContain(SECRET, "dGhpcy1pcy10aGUtcGFydG5lci1zZWNyZXQ");
        ChannelSecret stored = ChannelSecret.newBuilder()
                .setId("s1")
                .setSealed(new SealedSecrets(
                        JsonPath.read(answer.body(), "$.keyId"),
                        ByteBuffer.wrap(Base64.getDecoder().decode(JsonPath.<String>read(answer.body(), "$.nonce"))),
                        ByteBuffer.wrap(
                                Base64.getDecoder().decode(JsonPath.<String>read(answer.body(), "$.ciphertext")))))
                .setAddedBy("audit")
                .setAddedAt(Instant.now())
                .build();
        ChannelSecrets sameKey = new ChannelSecrets(Map.of("c1", KEY), "c1");
        assertThat(stored.getSealed().getKeyId()).isEqualTo("c1");
        assertThat(sameKey.open("partner-hooks", "secret", stored)).isEqualTo(SECRET);
        assertThatThrownBy(() -> sameKey.open("doors-wecom", "secret", stored))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessageNotContaining(SECRET);
        assertThat(output.getAll()).contains(PATH).doesNotContain(SECRET, "dGhpcy1pcy10aGUtcGFydG5lci1zZWNyZXQ");
    }

    @Test
    void noOtherCallerGetsAnything(CapturedOutput output) throws Exception {
        HttpResponse<String> anonymous = post(BODY, null);
        HttpResponse<String> operator = post(BODY, OPERATOR);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(operator.statusCode()).isEqualTo(403);
        assertThat(JsonPath.<String>read(operator.body(), "$.detail"))
                .isEqualTo("Not allowed for credential 'operator' (roles [OPERATOR]): POST " + PATH
                        + " needs another role.");
        assertThat(anonymous.body() + operator.body()).doesNotContain(SECRET, "ciphertext");
        assertThat(output.getAll()).doesNotContain(SECRET);
    }

    @Test
    void aBadFieldIsAProblemNamingIt() throws Exception {
        HttpResponse<String> answer = post("{\"channel\":\"partner-hooks\",\"credential\":\"secret\"}", AUDIT);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JsonPath.<String>read(answer.body(), "$.detail")).isEqualTo("value: required");
        assertThat(JsonPath.<List<String>>read(answer.body(), "$.problems")).containsExactly("value: required");
    }

    private HttpResponse<String> post(String body, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path tokens() {
        try {
            Path dir = Files.createTempDirectory("herald-signer-channel-secrets");
            Files.writeString(dir.resolve("operator"), OPERATOR);
            Files.writeString(dir.resolve("audit"), AUDIT);
            Files.writeString(dir.resolve("channel-key"), Base64.getEncoder().encodeToString(KEY));
            return dir;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
