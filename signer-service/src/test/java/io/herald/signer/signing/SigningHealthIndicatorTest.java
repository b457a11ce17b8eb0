package io.herald.signer.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class SigningHealthIndicatorTest {

    private final SigningHealthIndicator health = new SigningHealthIndicator();

    @Test
    void upWhileEveryChannelSigns() {
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void downNamingTheChannelReasonAndSinceWhen() {
        Instant first = Instant.parse("2025-03-01T08:00:00Z");
        health.failed("ops", "herald.channels.ops.credentials.secret: file /run/secrets/ops does not exist", first);
        health.failed(
                "ops",
                "herald.channels.ops.credentials.secret: file /run/secrets/ops does not exist",
                first.plusSeconds(60));

        Health down = health.health();

        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails())
                .isEqualTo(Map.of(
                        "cannotSign",
                        Map.of(
                                "ops",
                                Map.of(
                                        "reason",
                                                "herald.channels.ops.credentials.secret: file /run/secrets/ops does not exist",
                                        "since", "2025-03-01T08:00:00Z",
                                        "lastAttempt", "2025-03-01T08:01:00Z"))));
    }

    @Test
    void upAgainOnceTheChannelSigns() {
        health.failed("ops", "broken", Instant.now());
        health.succeeded("ops");

        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }
}
