package io.herald.signer.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.schema.ChannelSecret;
import io.herald.schema.SealedSecrets;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

class ChannelSecretsControllerTest {

    private static final String SECRET = "whsec_c2VjcmV0LXZhbHVlLW5ldmVyLWxvZ2dlZA==";

    private final ChannelSecrets secrets = new ChannelSecrets(Map.of("c1", new byte[32]), "c1");
    private final ChannelSecretsController controller = new ChannelSecretsController(secrets);

    @Test
    void theAnswerOpensToTheSecretForThatChannelAndCredential() throws Exception {
        ResponseEntity<?> answer = controller.seal(body("""
                {"channel":"partner-hooks","credential":"secret","value":"%s\\n"}""".formatted(SECRET)));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        ChannelSecretsController.Sealed sealed = (ChannelSecretsController.Sealed) answer.getBody();
        assertThat(sealed.keyId()).isEqualTo("c1");
        assertThat(sealed.toString()).doesNotContain(SECRET, "c2VjcmV0LXZhbHVl");
        assertThat(secrets.open("partner-hooks", "secret", stored(sealed))).isEqualTo(SECRET);
    }

    @Test
    void problemsNameEveryBadFieldAndQuoteNoValue() throws Exception {
        ResponseEntity<?> missing = controller.seal(body("{\"value\":42}"));
        ResponseEntity<?> invalid = controller.seal(body("""
                {"channel":"Ops Room","credential":"Secret!","value":"%s"}""".formatted(SECRET)));

        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(detail(missing)).isEqualTo("channel: required; credential: required; value: must be a string");
        assertThat(detail(invalid))
                .isEqualTo("channel: channel names are 1-63 of [a-z0-9_-], starting with a letter or digit; "
                        + "credential: credential names are 1-63 of [a-z0-9_-], starting with a letter or digit");
        assertThat(((ProblemDetail) invalid.getBody()).toString()).doesNotContain(SECRET);
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWithoutQuotingIt() throws Exception {
        ResponseEntity<?> answer = controller.seal(body("channel=ops&value=" + SECRET));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(detail(answer)).isEqualTo("body: not JSON; send {\"channel\", \"credential\", \"value\"}");
        assertThat(answer.getBody().toString()).doesNotContain(SECRET);
    }

    @Test
    void aBodyOver16KiBIsRefused() throws Exception {
        String value = "x".repeat(ChannelSecretsController.MAX_BODY_BYTES);

        ResponseEntity<?> answer = controller.seal(body("""
                {"channel":"ops","credential":"secret","value":"%s"}""".formatted(value)));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(detail(answer)).isEqualTo("the request body is larger than 16384 bytes");
    }

    @Test
    void withoutAnActiveKeyTheAnswerIs503NamingTheProperties() throws Exception {
        ResponseEntity<?> answer = new ChannelSecretsController(ChannelSecrets.none())
                .seal(body("{\"channel\":\"ops\",\"credential\":\"secret\",\"value\":\"" + SECRET + "\"}"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(detail(answer))
                .isEqualTo("this signer has no key to seal channel secrets with: set "
                        + "herald.signer.channel-secrets.keys.<id> and herald.signer.channel-secrets.active-key");
    }

    private static MockHttpServletRequest body(String json) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", ChannelSecretsController.PATH);
        request.setContentType("application/json");
        request.setContent(json.getBytes(StandardCharsets.UTF_8));
        return request;
    }

    private static String detail(ResponseEntity<?> answer) {
        return ((ProblemDetail) answer.getBody()).getDetail();
    }

    /** What the audit service would store from the answer. */
    static ChannelSecret stored(ChannelSecretsController.Sealed sealed) {
        return ChannelSecret.newBuilder()
                .setId("s1")
                .setSealed(new SealedSecrets(
                        sealed.keyId(),
                        ByteBuffer.wrap(Base64.getDecoder().decode(sealed.nonce())),
                        ByteBuffer.wrap(Base64.getDecoder().decode(sealed.ciphertext()))))
                .setAddedBy("audit")
                .setAddedAt(Instant.parse("2026-03-01T08:00:00Z"))
                .build();
    }
}
