package io.herald.provider.spi.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.provider.spi.outcome.ExplainContext.SentRequest;
import io.herald.schema.Outcome;
import io.herald.schema.SignedContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignedVsSentTest {

    /** SHA-256 of {@code abc} (FIPS 180-2's first example). */
    private static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    private static final Classification RESULT = Classification.httpStatus(Outcome.PERMANENT, 403);
    private static final SignedContent SIGNED_ABC = new SignedContent("the body (3 bytes)", ABC_SHA256);
    private static final SentRequest SENT_ABC = new SentRequest("POST", "https://example.test/", bytes("abc"));

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ExplainContext context(SentRequest sent, SignedContent signed) {
        return new ExplainContext(RESULT, null, null, null, sent, signed);
    }

    @Test
    void comparesOnlyWhenTheSignerSaidWhatItSignedAndARequestWasSent() {
        assertThat(context(SENT_ABC, SIGNED_ABC).signedVsSent()).contains(new SignedVsSent(SIGNED_ABC, SENT_ABC));
        assertThat(context(SENT_ABC, null).signedVsSent()).isEmpty();
        assertThat(context(null, SIGNED_ABC).signedVsSent()).isEmpty();
    }

    @Test
    void theBytesSignedAreTheSameAndAnyOtherBytesAreNot() {
        SignedVsSent compared = new SignedVsSent(SIGNED_ABC, SENT_ABC);

        assertThat(compared.same(bytes("abc"))).isTrue();
        assertThat(compared.same(bytes("abc "))).isFalse();
        assertThat(compared.same(new byte[0])).isFalse();
    }

    @Test
    void digestsAreShortenedToTwelveHexDigitsForASentence() {
        assertThat(new SignedVsSent(SIGNED_ABC, SENT_ABC).signedSha256()).isEqualTo("ba7816bf8f01…");
        assertThat(SignedVsSent.sha256(new byte[0])).isEqualTo("e3b0c44298fc…");
    }
}
