package io.herald.provider.feishu.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.sandbox.MutableClock;
import io.herald.sandbox.ProviderSandbox;
import io.herald.sandbox.ReceivedRequest;
import io.herald.sandbox.SandboxClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox's Feishu/Lark custom-bot endpoint, called over HTTP as a client calls open.feishu.cn. */
class FeishuBotTest {

    // Computed outside Java:
    //   printf '' | openssl dgst -sha256 -hmac "$(printf '1700000000\nSECfeishu-test-secret')" -binary | base64
    static final String TOKEN = "2f1f7e6a-4c3b-4a8e-9d7c-0123456789ab";
    static final String SECRET = "SECfeishu-test-secret";
    static final long TIMESTAMP = 1_700_000_000L;
    static final String SIGN = "wOf4XVdo0dDCTd7u38cYowy0qwp1hXLi1GdmHJi4htU=";

    static final String SUCCESS =
            "{\"StatusCode\":0,\"StatusMessage\":\"success\",\"code\":0,\"data\":{},\"msg\":\"success\"}";
    static final String SIGN_MATCH_FAIL = "{\"code\":19021,\"data\":{},"
            + "\"msg\":\"sign match fail or timestamp is not within one hour from current time\"}";

    final MutableClock clock = new MutableClock(Instant.ofEpochSecond(TIMESTAMP));
    final SandboxClient client = new SandboxClient();
    ProviderSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = ProviderSandbox.start(0, clock);
        sandbox.verifier(FeishuBotVerifier.class).addBot(TOKEN, SECRET);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    static String signed(long timestamp, String sign, String text) {
        return "{\"timestamp\":\"" + timestamp + "\",\"sign\":\"" + sign
                + "\",\"msg_type\":\"text\",\"content\":{\"text\":\"" + text + "\"}}";
    }

    HttpResponse<String> post(String body) {
        return client.post(sandbox.endpoint("feishu", TOKEN), body);
    }

    @Test
    void correctlySignedMessageIsAccepted() {
        HttpResponse<String> response = post(signed(TIMESTAMP, SIGN, "disk full on db-1"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(SUCCESS);
        assertThat(response.headers().firstValue("Date")).isPresent();
        assertThat(sandbox.received().getLast().verdict()).isEqualTo("ok");
    }

    @Test
    void testVectorAgreesWithTheSandboxSigner() {
        assertThat(FeishuSignature.sign(SECRET, Long.toString(TIMESTAMP))).isEqualTo(SIGN);
    }

    @Test
    void endpointIsTheFeishuHookPathUnderTheSandbox() {
        assertThat(sandbox.endpoint("feishu"))
                .isEqualTo(URI.create(sandbox.baseUri() + "/feishu/open-apis/bot/v2/hook/"));
        assertThat(sandbox.endpoint("feishu", TOKEN)).isEqualTo(URI.create(sandbox.endpoint("feishu") + TOKEN));
    }

    @Test
    void wrongSignatureIsSignMatchFail() {
        HttpResponse<String> response = post(signed(TIMESTAMP, "AAAA" + SIGN.substring(4), "x"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(SIGN_MATCH_FAIL);
        assertThat(sandbox.received().getLast().verdict()).isEqualTo("sign match fail");
    }

    @Test
    void missingSignatureIsSignMatchFailForASigningBot() {
        assertThat(post("{\"msg_type\":\"text\",\"content\":{\"text\":\"x\"}}").body())
                .isEqualTo(SIGN_MATCH_FAIL);
    }

    @Test
    void timestampWithinOneHourIsAcceptedAndBeyondIsRejected() {
        clock.set(Instant.ofEpochSecond(TIMESTAMP).plus(Duration.ofMinutes(59)));
        assertThat(post(signed(TIMESTAMP, SIGN, "x")).body()).isEqualTo(SUCCESS);

        clock.set(Instant.ofEpochSecond(TIMESTAMP).plus(Duration.ofHours(1)).plusSeconds(1));
        assertThat(post(signed(TIMESTAMP, SIGN, "x")).body()).isEqualTo(SIGN_MATCH_FAIL);

        clock.set(Instant.ofEpochSecond(TIMESTAMP).minus(Duration.ofHours(1)).minusSeconds(1));
        assertThat(post(signed(TIMESTAMP, SIGN, "x")).body()).isEqualTo(SIGN_MATCH_FAIL);
    }

    @Test
    void unknownTokenIsRejected() {
        HttpResponse<String> response =
                client.post(sandbox.endpoint("feishu", "no-such-token"), signed(TIMESTAMP, SIGN, "x"));

        assertThat(response.body())
                .isEqualTo(
                        "{\"code\":19001,\"data\":{},\"msg\":\"param invalid: incoming webhook access token invalid\"}");
    }

    @Test
    void botWithoutSecretAcceptsUnsignedMessages() {
        sandbox.verifier(FeishuBotVerifier.class).addBot("plain", null);

        HttpResponse<String> response = client.post(
                sandbox.endpoint("feishu", "plain"), "{\"msg_type\":\"text\",\"content\":{\"text\":\"hi\"}}");

        assertThat(response.body()).isEqualTo(SUCCESS);
    }

    @Test
    void bodyThatIsNotJsonIsBadRequest() {
        assertThat(post("msg_type=text").body()).isEqualTo("{\"code\":9499,\"data\":{},\"msg\":\"Bad Request\"}");
    }

    @Test
    void missingMsgTypeIsRejected() {
        String body = "{\"timestamp\":\"" + TIMESTAMP + "\",\"sign\":\"" + SIGN + "\",\"content\":{\"text\":\"x\"}}";

        assertThat(post(body).body()).isEqualTo("{\"code\":19002,\"data\":{},\"msg\":\"param invalid: msg_type\"}");
    }

    @Test
    void messageWithoutAKeywordIsRejectedWhenKeywordsAreSet() {
        sandbox.verifier(FeishuBotVerifier.class).addBot("kw", null, List.of("alert"));

        assertThat(client.post(
                                sandbox.endpoint("feishu", "kw"),
                                "{\"msg_type\":\"text\",\"content\":{\"text\":\"hello\"}}")
                        .body())
                .isEqualTo("{\"code\":19024,\"data\":{},\"msg\":\"Key Words Not Found\"}");
        assertThat(client.post(
                                sandbox.endpoint("feishu", "kw"),
                                "{\"msg_type\":\"text\",\"content\":{\"text\":\"alert: disk\"}}")
                        .body())
                .isEqualTo(SUCCESS);
    }

    @Test
    void sixthMessageWithinOneSecondIsFrequencyLimited() {
        for (int i = 0; i < 5; i++) {
            assertThat(post(signed(TIMESTAMP, SIGN, "m" + i)).body()).isEqualTo(SUCCESS);
        }

        HttpResponse<String> sixth = post(signed(TIMESTAMP, SIGN, "m5"));

        assertThat(sixth.body())
                .isEqualTo("{\"code\":11232,\"data\":{},"
                        + "\"msg\":\"frequency limited psm[lark.oapi.app_platform_runtime]appID[1500]\"}");
        clock.advance(Duration.ofSeconds(1));
        assertThat(post(signed(TIMESTAMP, SIGN, "m6")).body()).isEqualTo(SUCCESS);
    }

    @Test
    void hundredAndFirstMessageWithinOneMinuteIsFrequencyLimited() {
        for (int i = 0; i < 100; i++) {
            if (i % 5 == 0) {
                clock.advance(Duration.ofSeconds(1));
            }
            assertThat(post(signed(TIMESTAMP, SIGN, "m" + i)).body())
                    .as("message %d", i)
                    .isEqualTo(SUCCESS);
        }
        clock.advance(Duration.ofSeconds(1));

        assertThat(post(signed(TIMESTAMP, SIGN, "m100")).body()).contains("\"code\":11232");
    }

    @Test
    void recordsMaskTheHookToken() {
        post(signed(TIMESTAMP, SIGN, "x"));

        ReceivedRequest record = sandbox.received().getLast();
        assertThat(record.provider()).isEqualTo("feishu");
        assertThat(record.path())
                .isEqualTo("/feishu/open-apis/bot/v2/hook/2f…ab")
                .doesNotContain(TOKEN);
    }

    @Test
    void faultsCanBeInjectedForFeishu() {
        sandbox.injectFaults("/feishu/", 1, 503, "upstream busy");

        HttpResponse<String> response = post(signed(TIMESTAMP, SIGN, "x"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(sandbox.received().getLast().verdict()).isEqualTo("fault injected");
        assertThat(post(signed(TIMESTAMP, SIGN, "x")).body()).isEqualTo(SUCCESS);
    }
}
