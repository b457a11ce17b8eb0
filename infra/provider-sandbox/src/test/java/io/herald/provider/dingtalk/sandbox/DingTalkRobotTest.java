package io.herald.provider.dingtalk.sandbox;

import static io.herald.sandbox.SandboxClient.TEXT_MESSAGE;
import static io.herald.sandbox.SandboxClient.signedUri;
import static io.herald.sandbox.SandboxClient.unsignedUri;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.sandbox.MutableClock;
import io.herald.sandbox.ProviderSandbox;
import io.herald.sandbox.ReceivedRequest;
import io.herald.sandbox.SandboxClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sandbox's DingTalk robot endpoint, exercised over HTTP exactly as a client would call DingTalk. */
class DingTalkRobotTest {

    // A fixed test vector, computed outside Java with:
    //   printf '%s\n%s' 1700000000000 SEC6f1e0c7a9b3d24e58f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6 \
    //     | openssl dgst -sha256 -hmac SEC6f1e0c7a9b3d24e58f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6 -binary |
    // base64
    //   -> p6gHcSdiFSwCEp0hozCXMwEQ/7kVrrjceSV+PhkANPM=
    // and URL-encoded with python3 urllib.parse.quote_plus. It contains '/', '+' and '=' on purpose.
    static final String TOKEN = "b10deee3d9e2dbc21ce57eb9f80da23a643ebe83154dd6b086486da2c833acb6";
    static final String SECRET = "SEC6f1e0c7a9b3d24e58f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6";
    static final long TIMESTAMP = 1_700_000_000_000L;
    static final String SIGN_BASE64 = "p6gHcSdiFSwCEp0hozCXMwEQ/7kVrrjceSV+PhkANPM=";
    static final String SIGN_URL_ENCODED = "p6gHcSdiFSwCEp0hozCXMwEQ%2F7kVrrjceSV%2BPhkANPM%3D";

    static final String OK = "{\"errcode\":0,\"errmsg\":\"ok\"}";
    static final String SIGN_NOT_MATCH = "{\"errcode\":310000,\"errmsg\":\"description:机器人发送签名不匹配;"
            + "solution:请确认签名和生成签名的时间戳必须都放在调用的网址中，请确认机器人的密钥加密和填写正确;"
            + "link:请参考本接口对应文档获得具体要求，或者在https://open.dingtalk.com/document/  搜索相关文档;\"}";
    static final String TIMESTAMP_INVALID =
            "{\"errcode\":310000,\"errmsg\":" + "\"description:机器人发送签名过期;solution:签名生成时间和发送时间请保持在 timestampms 以内;\"}";
    static final String TOKEN_NOT_EXIST = "{\"errcode\":300001,\"errmsg\":\"token is not exist\"}";
    static final String SEND_TOO_FAST = "{\"errcode\":130101,\"errmsg\":\"send too fast, exceed 20 times per minute\"}";

    final MutableClock clock = new MutableClock(Instant.ofEpochMilli(TIMESTAMP));
    final SandboxClient client = new SandboxClient();
    ProviderSandbox sandbox;
    URI endpoint;

    @BeforeEach
    void start() {
        sandbox = ProviderSandbox.start(0, clock);
        sandbox.verifier(DingTalkRobotVerifier.class).addRobot(TOKEN, SECRET);
        endpoint = sandbox.endpoint("dingtalk");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    URI vectorUri(String sign) {
        return URI.create(endpoint + "?access_token=" + TOKEN + "&timestamp=" + TIMESTAMP + "&sign=" + sign);
    }

    @Test
    void correctSignatureIsAccepted() {
        HttpResponse<String> response = client.post(vectorUri(SIGN_URL_ENCODED), TEXT_MESSAGE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(OK);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response.headers().firstValue("Date")).isPresent();
    }

    @Test
    void testVectorAgreesWithTheSandboxSigner() {
        assertThat(DingTalkSignature.sign(SECRET, Long.toString(TIMESTAMP))).isEqualTo(SIGN_BASE64);
        assertThat(SandboxClient.hmacBase64(SECRET, TIMESTAMP + "\n" + SECRET)).isEqualTo(SIGN_BASE64);
    }

    @Test
    void signatureMadeWithAnotherSecretIsSignNotMatch() {
        HttpResponse<String> response = client.post(signedUri(endpoint, TOKEN, TIMESTAMP, "SECwrong"), TEXT_MESSAGE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(SIGN_NOT_MATCH);
    }

    @Test
    void base64SignThatWasNotUrlEncodedIsSignNotMatch() {
        // The server form-decodes the query: the unencoded '+' arrives as a space, so the signature no longer matches.
        HttpResponse<String> response = client.post(vectorUri(SIGN_BASE64.replace("/", "%2F")), TEXT_MESSAGE);

        assertThat(response.body()).isEqualTo(SIGN_NOT_MATCH);
    }

    @Test
    void signThatWasUrlEncodedTwiceIsSignNotMatch() {
        HttpResponse<String> response = client.post(vectorUri(SIGN_URL_ENCODED.replace("%", "%25")), TEXT_MESSAGE);

        assertThat(response.body()).isEqualTo(SIGN_NOT_MATCH);
    }

    @Test
    void missingSignIsSignNotMatch() {
        URI uri = URI.create(endpoint + "?access_token=" + TOKEN + "&timestamp=" + TIMESTAMP);

        assertThat(client.post(uri, TEXT_MESSAGE).body()).isEqualTo(SIGN_NOT_MATCH);
    }

    @Test
    void timestampSixtyOneMinutesOldIsTimestampInvalid() {
        clock.advance(Duration.ofMinutes(61));

        HttpResponse<String> response = client.post(vectorUri(SIGN_URL_ENCODED), TEXT_MESSAGE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(TIMESTAMP_INVALID);
        assertThat(sandbox.received())
                .last()
                .extracting(ReceivedRequest::verdict)
                .isEqualTo("timestamp invalid");
    }

    @Test
    void timestampSixtyOneMinutesAheadIsTimestampInvalid() {
        clock.advance(Duration.ofMinutes(-61));

        assertThat(client.post(vectorUri(SIGN_URL_ENCODED), TEXT_MESSAGE).body())
                .isEqualTo(TIMESTAMP_INVALID);
    }

    @Test
    void timestampExactlyOneHourOldIsStillAccepted() {
        clock.advance(Duration.ofHours(1));

        assertThat(client.post(vectorUri(SIGN_URL_ENCODED), TEXT_MESSAGE).body())
                .isEqualTo(OK);
    }

    @ParameterizedTest
    @CsvSource({
        "access_token=%s&sign=abc",
        "access_token=%s&timestamp=yesterday&sign=abc",
        "access_token=%s&timestamp=&sign=abc"
    })
    void missingOrNonNumericTimestampIsTimestampInvalid(String query) {
        URI uri = URI.create(endpoint + "?" + query.formatted(TOKEN));

        assertThat(client.post(uri, TEXT_MESSAGE).body()).isEqualTo(TIMESTAMP_INVALID);
    }

    @Test
    void staleTimestampIsReportedBeforeAWrongSignature() {
        clock.advance(Duration.ofHours(2));

        assertThat(client.post(signedUri(endpoint, TOKEN, TIMESTAMP, "SECwrong"), TEXT_MESSAGE)
                        .body())
                .isEqualTo(TIMESTAMP_INVALID);
    }

    @Test
    void repeatedQueryParametersAreJudgedByTheirFirstValue() {
        // A client that appends a fresh timestamp/sign to a URL that already has old ones (a known client bug):
        // like the provider, the sandbox reads the first, stale pair.
        clock.advance(Duration.ofHours(3));
        long fresh = clock.millis();
        String freshSign =
                URLEncoder.encode(SandboxClient.hmacBase64(SECRET, fresh + "\n" + SECRET), StandardCharsets.UTF_8);
        URI uri = URI.create(vectorUri(SIGN_URL_ENCODED) + "&timestamp=" + fresh + "&sign=" + freshSign);

        assertThat(client.post(uri, TEXT_MESSAGE).body()).isEqualTo(TIMESTAMP_INVALID);
    }

    @Test
    void unknownTokenIs300001() {
        HttpResponse<String> response =
                client.post(signedUri(endpoint, "0000000000unknown", TIMESTAMP, SECRET), TEXT_MESSAGE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(TOKEN_NOT_EXIST);
        assertThat(sandbox.received())
                .last()
                .extracting(ReceivedRequest::verdict)
                .isEqualTo("token not found");
    }

    @Test
    void missingTokenIsMissingParameter40035() {
        HttpResponse<String> response = client.post(endpoint, TEXT_MESSAGE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"errcode\":40035,\"errmsg\":\"缺少参数 access_token\"}");
    }

    @Test
    void robotWithoutSecretNeedsNoSignature() {
        sandbox.verifier(DingTalkRobotVerifier.class).addRobot("keywordrobot01", null);

        assertThat(client.post(unsignedUri(endpoint, "keywordrobot01"), TEXT_MESSAGE)
                        .body())
                .isEqualTo(OK);
    }

    @Test
    void twentyFirstMessageWithinAMinuteIsRateLimited() {
        // given 20 accepted messages spread over 59 seconds
        for (int i = 0; i < 20; i++) {
            assertThat(client.post(signedUri(endpoint, TOKEN, clock.millis(), SECRET), TEXT_MESSAGE)
                            .body())
                    .as("message %d", i + 1)
                    .isEqualTo(OK);
            clock.advance(Duration.ofMillis(i < 19 ? 3_100 : 0));
        }

        // when the 21st arrives within the same minute
        HttpResponse<String> response = client.post(signedUri(endpoint, TOKEN, clock.millis(), SECRET), TEXT_MESSAGE);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(SEND_TOO_FAST);
        assertThat(sandbox.received())
                .last()
                .extracting(ReceivedRequest::verdict)
                .isEqualTo("rate limited");
    }

    @Test
    void rateLimitWindowSlidesOnTheSandboxClock() {
        IntStream.range(0, 20)
                .forEach(i -> client.post(signedUri(endpoint, TOKEN, clock.millis(), SECRET), TEXT_MESSAGE));
        assertThat(client.post(signedUri(endpoint, TOKEN, clock.millis(), SECRET), TEXT_MESSAGE)
                        .body())
                .isEqualTo(SEND_TOO_FAST);

        clock.advance(Duration.ofSeconds(60));

        assertThat(client.post(signedUri(endpoint, TOKEN, clock.millis(), SECRET), TEXT_MESSAGE)
                        .body())
                .isEqualTo(OK);
    }

    @Test
    void rateLimitIsPerRobot() {
        sandbox.verifier(DingTalkRobotVerifier.class).addRobot("otherrobot0001", null);
        IntStream.range(0, 21)
                .forEach(i -> client.post(signedUri(endpoint, TOKEN, clock.millis(), SECRET), TEXT_MESSAGE));

        assertThat(client.post(unsignedUri(endpoint, "otherrobot0001"), TEXT_MESSAGE)
                        .body())
                .isEqualTo(OK);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not json                 | hello                                                    | 40035  | 缺少参数 json
            empty body               | ''                                                       | 40035  | 缺少参数 json
            json array               | []                                                       | 40035  | 缺少参数 json
            no msgtype               | {"text":{"content":"x"}}                                 | 40035  | 缺少参数 msgtype
            unknown msgtype          | {"msgtype":"voice"}                                      | 400105 | 不支持的消息类型
            no text object           | {"msgtype":"text"}                                       | 400201 | 错误描述:参数 text 缺失，或者参数格式不正确; 解决方案:请填充上对应参数;参考链接:请参考本接口对应文档查看参数获取方式，或者在https://open.dingtalk.com/document/  搜索对应文档;
            no text.content          | {"msgtype":"text","text":{}}                             | 400202 | 错误描述:参数 text --》 content 缺失，或者参数格式不正确; 解决方案:请填充上对应参数;参考链接:请参考本接口对应文档查看参数获取方式，或者在https://open.dingtalk.com/document/  搜索对应文档;
            empty text.content       | {"msgtype":"text","text":{"content":""}}                 | 400202 | 错误描述:参数 text --》 content 缺失，或者参数格式不正确; 解决方案:请填充上对应参数;参考链接:请参考本接口对应文档查看参数获取方式，或者在https://open.dingtalk.com/document/  搜索对应文档;
            no markdown.title        | {"msgtype":"markdown","markdown":{"text":"# hi"}}        | 400402 | 错误描述:参数 markdown --》 title 缺失，或者参数格式不正确; 解决方案:请填充上对应参数;参考链接:请参考本接口对应文档查看参数获取方式，或者在https://open.dingtalk.com/document/  搜索对应文档;
            empty markdown.text      | {"msgtype":"markdown","markdown":{"title":"t","text":""}} | 400403 | 错误描述:参数 markdown --》 text 缺失，或者参数格式不正确; 解决方案:请填充上对应参数;参考链接:请参考本接口对应文档查看参数获取方式，或者在https://open.dingtalk.com/document/  搜索对应文档;
            """)
    void invalidMessageGetsDingTalksInvalidParameterAnswer(String name, String body, int errcode, String errmsg) {
        HttpResponse<String> response = client.post(vectorUri(SIGN_URL_ENCODED), body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"errcode\":" + errcode + ",\"errmsg\":\"" + errmsg + "\"}");
    }

    @Test
    void validMarkdownIsAccepted() {
        String markdown =
                "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"Alert\",\"text\":\"#### db-1\\n> disk full\"},"
                        + "\"at\":{\"atMobiles\":[\"150XXXXXXXX\"],\"isAtAll\":false}}";

        assertThat(client.post(vectorUri(SIGN_URL_ENCODED), markdown).body()).isEqualTo(OK);
    }

    @Test
    void textOver20000BytesIsMessageTooLong() {
        String content = "告".repeat(6_667); // 20,001 UTF-8 bytes
        String body = "{\"msgtype\":\"text\",\"text\":{\"content\":\"" + content + "\"}}";

        assertThat(client.post(vectorUri(SIGN_URL_ENCODED), body).body())
                .isEqualTo("{\"errcode\":460101,\"errmsg\":\"message too long, exceed 20000 bytes\"}");
    }

    @Test
    void legacyStyleAnswersWithThe2021Texts() {
        sandbox.verifier(DingTalkRobotVerifier.class).errmsgStyle(ErrmsgStyle.LEGACY);

        assertThat(client.post(signedUri(endpoint, TOKEN, TIMESTAMP, "SECwrong"), TEXT_MESSAGE)
                        .body())
                .isEqualTo("{\"errcode\":310000,\"errmsg\":"
                        + "\"sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]\"}");
        assertThat(client.post(vectorUri(SIGN_URL_ENCODED), "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"t\"}}")
                        .body())
                .isEqualTo("{\"errcode\":400403,\"errmsg\":\"miss param : markdown->text\"}");
        clock.advance(Duration.ofMinutes(61));
        assertThat(client.post(vectorUri(SIGN_URL_ENCODED), TEXT_MESSAGE).body())
                .isEqualTo("{\"errcode\":310000,\"errmsg\":"
                        + "\"invalid timestamp, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]\"}");
    }

    @Test
    void bothTextStylesLetAClientTellATimestampProblemFromASignatureProblem() {
        // What a dispatcher can rely on across DingTalk's wording change: only the timestamp texts mention "timestamp".
        for (ErrmsgStyle style : ErrmsgStyle.values()) {
            assertThat(DingTalkError.TIMESTAMP_INVALID.errmsg(style)).contains("timestamp");
            assertThat(DingTalkError.SIGN_NOT_MATCH.errmsg(style)).doesNotContain("timestamp");
        }
    }

    @Test
    void getIsNotAllowed() {
        HttpResponse<String> response = client.get(vectorUri(SIGN_URL_ENCODED));

        assertThat(response.statusCode()).isEqualTo(405);
    }
}
