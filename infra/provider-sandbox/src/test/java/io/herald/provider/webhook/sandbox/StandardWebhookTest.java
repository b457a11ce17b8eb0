package io.herald.provider.webhook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.sandbox.MutableClock;
import io.herald.sandbox.ProviderSandbox;
import io.herald.sandbox.SandboxClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's Standard Webhooks receiver, checked with the spec's published test vector (from the reference
 * library's tests, standard-webhooks/standard-webhooks libraries/java WebhookTest.verifyWebhookSignWorks):
 * secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, id msg_p5jXN8AQM9LWM0D4loKWxJek, timestamp 1614265330, body
 * {"test": 2432232314} → v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=
 */
class StandardWebhookTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long TIMESTAMP = 1_614_265_330L;
    static final String BODY = "{\"test\": 2432232314}";
    static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    // A second secret for rotation tests: whsec_ + Base64("this is another secret key!").
    static final String OTHER_SECRET = "whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBrZXkh";

    final MutableClock clock = new MutableClock(Instant.ofEpochSecond(TIMESTAMP));
    final SandboxClient client = new SandboxClient();
    ProviderSandbox sandbox;
    URI endpoint;

    @BeforeEach
    void start() {
        sandbox = ProviderSandbox.start(0, clock);
        sandbox.verifier(StandardWebhookVerifier.class).addEndpoint("orders", List.of(SECRET));
        endpoint = sandbox.endpoint("webhook", "orders");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    HttpResponse<String> deliver(URI uri, String id, String timestamp, String signature, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (id != null) {
            request.header("webhook-id", id);
        }
        if (timestamp != null) {
            request.header("webhook-timestamp", timestamp);
        }
        if (signature != null) {
            request.header("webhook-signature", signature);
        }
        return client.send(request.build());
    }

    HttpResponse<String> deliver(String signature) {
        return deliver(endpoint, ID, Long.toString(TIMESTAMP), signature, BODY);
    }

    @Test
    void publishedVectorIsAccepted() {
        HttpResponse<String> response = deliver(SIGNATURE);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("Date")).isPresent();
        assertThat(sandbox.received().getLast().verdict()).isEqualTo("ok");
        assertThat(endpoint).isEqualTo(URI.create(sandbox.baseUri() + "/webhook/orders"));
    }

    @Test
    void publishedVectorAgreesWithTheSandboxSigner() {
        String signature = StandardWebhookSignature.sign(
                StandardWebhookSignature.key(SECRET),
                ID,
                Long.toString(TIMESTAMP),
                BODY.getBytes(StandardCharsets.UTF_8));

        assertThat("v1," + signature).isEqualTo(SIGNATURE);
    }

    @Test
    void anyValidSignatureInTheListPasses() {
        // The reference library's multi-signature case: unknown versions and bad v1 entries around one good one.
        String list = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "
                + SIGNATURE + " v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

        assertThat(deliver(list).statusCode()).isEqualTo(204);
    }

    @Test
    void signatureWithAnotherVersionIsRejected() {
        HttpResponse<String> response = deliver("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("No matching signature found");
    }

    @Test
    void signatureOverAnotherBodyIsRejected() {
        HttpResponse<String> response =
                deliver(endpoint, ID, Long.toString(TIMESTAMP), SIGNATURE, "{\"test\": 2432232315}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(sandbox.received().getLast().verdict()).isEqualTo("sign not match");
    }

    @Test
    void signatureByAnyOfTheEndpointSecretsPasses() {
        sandbox.verifier(StandardWebhookVerifier.class).addEndpoint("rotating", List.of(OTHER_SECRET, SECRET));

        assertThat(deliver(sandbox.endpoint("webhook", "rotating"), ID, Long.toString(TIMESTAMP), SIGNATURE, BODY)
                        .statusCode())
                .isEqualTo(204);
    }

    @Test
    void missingHeadersAreBadRequest() {
        HttpResponse<String> noId = deliver(endpoint, null, Long.toString(TIMESTAMP), SIGNATURE, BODY);
        HttpResponse<String> noTimestamp = deliver(endpoint, ID, null, SIGNATURE, BODY);
        HttpResponse<String> noSignature = deliver(endpoint, ID, Long.toString(TIMESTAMP), null, BODY);

        assertThat(List.of(noId.statusCode(), noTimestamp.statusCode(), noSignature.statusCode()))
                .containsOnly(400);
        assertThat(noId.body()).isEqualTo("Missing required headers");
    }

    @Test
    void timestampThatIsNotANumberIsBadRequest() {
        HttpResponse<String> response = deliver(endpoint, ID, "2021-02-25T15:02:10Z", SIGNATURE, BODY);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("Invalid Signature Headers");
    }

    @Test
    void timestampOutsideFiveMinutesIsRejectedEitherWay() {
        clock.set(Instant.ofEpochSecond(TIMESTAMP).plus(Duration.ofMinutes(5)));
        assertThat(deliver(SIGNATURE).statusCode()).isEqualTo(204);

        clock.set(Instant.ofEpochSecond(TIMESTAMP).plus(Duration.ofMinutes(5)).plusSeconds(1));
        HttpResponse<String> tooOld = deliver(SIGNATURE);
        assertThat(tooOld.statusCode()).isEqualTo(401);
        assertThat(tooOld.body()).isEqualTo("Message timestamp too old");

        clock.set(Instant.ofEpochSecond(TIMESTAMP).minus(Duration.ofMinutes(5)).minusSeconds(1));
        HttpResponse<String> tooNew = deliver(SIGNATURE);
        assertThat(tooNew.statusCode()).isEqualTo(401);
        assertThat(tooNew.body()).isEqualTo("Message timestamp too new");
    }

    @Test
    void goneEndpointAnswers410() {
        sandbox.verifier(StandardWebhookVerifier.class).markGone("orders");

        assertThat(deliver(SIGNATURE).statusCode()).isEqualTo(410);
        assertThat(sandbox.received().getLast().verdict()).isEqualTo("gone");
    }

    @Test
    void unknownEndpointIs404() {
        assertThat(deliver(sandbox.endpoint("webhook", "nope"), ID, Long.toString(TIMESTAMP), SIGNATURE, BODY)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void faultsCanBeInjectedForWebhooks() {
        sandbox.injectFaults("/webhook/orders", 2, 503, "try later");

        assertThat(deliver(SIGNATURE).statusCode()).isEqualTo(503);
        assertThat(deliver(SIGNATURE).statusCode()).isEqualTo(503);
        assertThat(deliver(SIGNATURE).statusCode()).isEqualTo(204);
    }
}
