package io.herald.signer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignerPropertiesTest {

    @Test
    void nonPositiveDurationIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new SignerProperties(Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(1)))
                .hasMessage("herald.signer.max-due-pause: must be a positive duration");
    }

    @Test
    void backOffMaximumBelowItsStartIsRefused() {
        assertThatThrownBy(() ->
                        new SignerProperties(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(10)))
                .hasMessage(
                        "herald.signer.failure-backoff-max: must not be shorter than herald.signer.failure-backoff-initial");
    }
}
