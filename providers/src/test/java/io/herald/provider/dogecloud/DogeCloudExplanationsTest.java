package io.herald.provider.dogecloud;

import static io.herald.provider.spi.outcome.Contexts.answer;
import static io.herald.provider.spi.outcome.Contexts.sent;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.provider.spi.outcome.Classification;
import io.herald.provider.spi.outcome.Explanation;
import io.herald.provider.spi.signing.Crypto;
import io.herald.schema.SignedContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DogeCloudExplanationsTest {

    private static final String PATH = "/cdn/refresh/add.json";
    private static final String BODY = "{\"rtype\":\"path\",\"urls\":[\"https://demo.example/\"]}";
    private final DogeCloudClassifier classifier = new DogeCloudClassifier();
    private final Classification accessTokenError = classifier
            .classifyRejection(answer(403, "{\"code\":403,\"msg\":\"AccessToken Error\"}"))
            .orElseThrow();

    private static SignedContent signed(String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new SignedContent(
                DogeCloudSigner.covers(path, bytes.length), Crypto.sha256Hex(DogeCloudSigner.content(path, bytes)));
    }

    /** The first 12 hex digits of the SHA-256 DogeCloud's token covers. */
    private static String sha(String path, String body) {
        return Crypto.sha256Hex(DogeCloudSigner.content(path, body.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 12);
    }

    @Test
    void accessTokenErrorWithTheSignedBytesBlamesTheKeyPair() {
        Explanation e = classifier
                .explain(sent(accessTokenError, "POST", "https://api.dogecloud.com" + PATH, BODY, signed(PATH, BODY)))
                .orElseThrow();

        assertThat(e.text()).isEqualTo("DogeCloud 403: AccessToken Error");
        assertThat(e.likelyCause())
                .isEqualTo("the bytes sent are the bytes signed (SHA-256 " + sha(PATH, BODY)
                        + "… of the path and body): the AccessKey/SecretKey pair is wrong (or a proxy rewrote the"
                        + " request after Herald). Check the channel's access-key and secret-key against the DogeCloud"
                        + " console");
        assertThat(e.docs()).isEqualTo("https://docs.dogecloud.com/oss/api-access-token");
    }

    @Test
    void anEndpointPathPrefixIsNotADifference() {
        Explanation e = classifier
                .explain(sent(
                        accessTokenError, "POST", "http://127.0.0.1:18080/dogecloud" + PATH, BODY, signed(PATH, BODY)))
                .orElseThrow();
        assertThat(e.likelyCause()).startsWith("the bytes sent are the bytes signed");
    }

    @Test
    void accessTokenErrorWithAnotherBodySaysTheBodyDiffers() {
        Explanation e = classifier
                .explain(sent(
                        accessTokenError, "POST", "https://api.dogecloud.com" + PATH, BODY + "\n", signed(PATH, BODY)))
                .orElseThrow();
        assertThat(e.likelyCause())
                .isEqualTo("the path sent is the path signed (" + PATH + "), but the body sent (" + (BODY.length() + 1)
                        + " bytes) is not the body signed (" + BODY.length() + " bytes, SHA-256 " + sha(PATH, BODY)
                        + "… with the path): it changed after signing");
    }

    @Test
    void accessTokenErrorWithAnotherPathSaysThePathDiffers() {
        Explanation e = classifier
                .explain(sent(
                        accessTokenError,
                        "POST",
                        "https://api.dogecloud.com/cdn/refresh/add.json?x=1",
                        BODY,
                        signed(PATH, BODY)))
                .orElseThrow();
        assertThat(e.likelyCause())
                .isEqualTo("the path sent (/cdn/refresh/add.json?x=1) is not the path signed (" + PATH + ")");
    }

    @Test
    void coversInWordsItCannotReadAreQuotedForTheReader() {
        SignedContent signed = new SignedContent("something else", Crypto.sha256Hex(new byte[0]));
        Explanation e = classifier
                .explain(sent(accessTokenError, "POST", "https://api.dogecloud.com" + PATH, BODY, signed))
                .orElseThrow();
        assertThat(e.likelyCause()).isEqualTo("the signature covers something else; compare it with the request");
    }

    @Test
    void withoutWhatWasSignedTheTableStillExplains() {
        Explanation e = classifier
                .explain(new io.herald.provider.spi.outcome.ExplainContext(
                        accessTokenError, null, null, null, null, null))
                .orElseThrow();
        assertThat(e.likelyCause()).contains("AccessKey/SecretKey pair is wrong");
    }
}
