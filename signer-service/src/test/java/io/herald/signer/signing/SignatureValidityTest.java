package io.herald.signer.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.provider.Provider;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignatureValidityTest {

    private static final Instant SIGNED_AT = Instant.parse("2025-03-01T08:00:00Z");

    @Test
    void timedSignatureIsValidForTheProviderWindow() {
        assertThat(SignatureValidity.notAfter(Provider.of("dingtalk"), SIGNED_AT))
                .isEqualTo(SIGNED_AT.plus(Duration.ofHours(1)));
        assertThat(SignatureValidity.notAfter(Provider.of("tencentcloud"), SIGNED_AT))
                .isEqualTo(SIGNED_AT.plus(Duration.ofMinutes(5)));
    }

    @Test
    void untimedRequestIsReSignedAfterOneDay() {
        assertThat(SignatureValidity.notAfter(Provider.of("slack"), SIGNED_AT))
                .isEqualTo(SIGNED_AT.plus(Duration.ofDays(1)));
    }
}
