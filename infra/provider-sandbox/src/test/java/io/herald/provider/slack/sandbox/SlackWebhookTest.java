package io.herald.provider.slack.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.sandbox.MutableClock;
import io.herald.sandbox.ProviderSandbox;
import io.herald.sandbox.SandboxClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox's Slack incoming-webhook endpoint: HTTP status plus a plain-text error code. */
class SlackWebhookTest {

    static final String HOOK = "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";
    static final String TEXT = "{\"text\":\"disk full on db-1\"}";

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T03:00:00Z"));
    final SandboxClient client = new SandboxClient();
    ProviderSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = ProviderSandbox.start(0, clock);
        sandbox.verifier(SlackWebhookVerifier.class).addWebhook(HOOK);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void textMessageIsAcceptedWithOk() {
        HttpResponse<String> response = client.post(sandbox.endpoint("slack", HOOK), TEXT);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
        assertThat(response.headers().firstValue("Date")).isPresent();
        assertThat(sandbox.endpoint("slack", HOOK))
                .isEqualTo(URI.create(sandbox.baseUri() + "/slack/services/" + HOOK));
    }

    @Test
    void blocksWithoutTextAreAccepted() {
        assertThat(client.post(sandbox.endpoint("slack", HOOK), "{\"blocks\":[{\"type\":\"divider\"}]}")
                        .body())
                .isEqualTo("ok");
    }

    @Test
    void unknownWebhookIsNoService() {
        HttpResponse<String> response = client.post(sandbox.endpoint("slack", "T1/B1/nope"), TEXT);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("no_service");
    }

    @Test
    void wrongSecretForAKnownWebhookIsInvalidToken() {
        HttpResponse<String> response = client.post(sandbox.endpoint("slack", "T00000000/B00000000/wrong"), TEXT);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("invalid_token");
    }

    @Test
    void bodyThatIsNotJsonIsInvalidPayload() {
        HttpResponse<String> response = client.post(sandbox.endpoint("slack", HOOK), "text=hello");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("invalid_payload");
    }

    @Test
    void messageWithoutTextIsNoText() {
        HttpResponse<String> response = client.post(sandbox.endpoint("slack", HOOK), "{\"username\":\"herald\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("no_text");
    }

    @Test
    void archivedChannelIsGone() {
        sandbox.verifier(SlackWebhookVerifier.class).archive(HOOK);

        HttpResponse<String> response = client.post(sandbox.endpoint("slack", HOOK), TEXT);

        assertThat(response.statusCode()).isEqualTo(410);
        assertThat(response.body()).isEqualTo("channel_is_archived");
    }

    @Test
    void burstBeyondTheLimitIsRateLimitedWithRetryAfter() {
        for (int i = 0; i < 5; i++) {
            assertThat(client.post(sandbox.endpoint("slack", HOOK), TEXT).body())
                    .as("message %d", i)
                    .isEqualTo("ok");
        }

        HttpResponse<String> limited = client.post(sandbox.endpoint("slack", HOOK), TEXT);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).isEqualTo("rate_limited");
        assertThat(limited.headers().firstValue("Retry-After")).contains("5");
        clock.advance(Duration.ofSeconds(5));
        assertThat(client.post(sandbox.endpoint("slack", HOOK), TEXT).body()).isEqualTo("ok");
    }

    @Test
    void recordsMaskTheWebhookSecret() {
        client.post(sandbox.endpoint("slack", HOOK), TEXT);

        assertThat(sandbox.received().getLast().path()).isEqualTo("/slack/services/T00000000/B00000000/XX…XX");
    }

    @Test
    void faultsCanBeInjectedForSlack() {
        sandbox.injectFaults("/slack/", 1, 500, "internal_error");

        HttpResponse<String> response = client.post(sandbox.endpoint("slack", HOOK), TEXT);
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("internal_error");
    }
}
