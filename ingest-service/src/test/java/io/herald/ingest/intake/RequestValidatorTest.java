package io.herald.ingest.intake;

import static io.herald.ingest.TestChannels.apiCall;
import static io.herald.ingest.TestChannels.markdown;
import static io.herald.ingest.TestChannels.request;
import static io.herald.ingest.TestChannels.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.herald.ingest.TestChannels;
import io.herald.schema.ApiCall;
import io.herald.schema.ChatMessage;
import io.herald.schema.Source;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestValidatorTest {

    private final RequestValidator validator = new RequestValidator(TestChannels.directory());

    private List<FieldViolation> validate(IntakeRequest request) {
        return validator.validate(request);
    }

    private static IntakeRequest withIds(String notificationId, String idempotencyKey, String tenant) {
        return new IntakeRequest(
                Source.HTTP,
                notificationId,
                idempotencyKey,
                "demo-dingtalk",
                tenant,
                Map.of(),
                text("hello"),
                null,
                null,
                List.of());
    }

    @Test
    void validChatMessageIsAccepted() {
        assertThat(validate(request("demo-dingtalk", text("hello"), null, null)))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo-dingtalk", "demo-feishu", "demo-wecom", "demo-slack", "demo-webhook"})
    void chatProvidersTakeMessages(String channel) {
        assertThat(validate(request(channel, text("hello"), null, null))).isEmpty();
    }

    @Test
    void validApiCallsAreAccepted() {
        assertThat(validate(request(
                        "demo-tencent",
                        apiCall("DescribeRecordList", "/", "{\"Domain\":\"example.com\"}"),
                        null,
                        null)))
                .isEmpty();
        assertThat(validate(request("demo-doge", apiCall(null, "/oss/bucket/list.json", null), null, null)))
                .isEmpty();
    }

    @Test
    void unknownChannelIsRejected() {
        assertThat(validate(request("no-such-channel", text("hello"), null, null)))
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(tuple("channel", "unknown_channel"));
    }

    @Test
    void missingChannelIsRejected() {
        assertThat(validate(request(" ", text("hello"), null, null)))
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(tuple("channel", "missing"));
    }

    @Test
    void missingContentIsRejected() {
        assertThat(validate(request("demo-dingtalk", null, null, null)))
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(tuple("content", "missing"));
    }

    @Test
    void blankTextIsRejected() {
        assertThat(validate(request("demo-dingtalk", text("  \n"), null, null)))
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(tuple("message.text", "missing"));
        assertThat(validate(request("demo-slack", text(null), null, null)))
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(tuple("message.text", "missing"));
    }

    @Test
    void textLargerThanTheChannelLimitInUtf8IsRejected() {
        // tiny-dingtalk takes 10 bytes: 3 CJK characters are 9 bytes, 4 are 12
        assertThat(validate(request("tiny-dingtalk", text("告警了"), null, null))).isEmpty();
        List<FieldViolation> violations = validate(request("tiny-dingtalk", text("告警告警"), null, null));
        assertThat(violations)
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(tuple("message.text", "too_large"));
        assertThat(violations.getFirst().message()).contains("12 bytes").contains("at most 10");
    }

    @Test
    void providerDefaultLimitAppliesWhenTheChannelSetsNone() {
        // WeCom's default limit is 4,096 bytes
        assertThat(validate(request("demo-wecom", text("x".repeat(4096)), null, null)))
                .isEmpty();
        assertThat(validate(request("demo-wecom", text("x".repeat(4097)), null, null)))
                .extracting(FieldViolation::code)
                .containsExactly("too_large");
    }

    @Test
    void markdownWithoutTitleIsRejectedForDingTalk() {
        assertThat(validate(request("demo-dingtalk", markdown(null, "**down**"), null, null)))
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(tuple("message.title", "missing"));
        assertThat(validate(request("demo-dingtalk", markdown("Alert", "**down**"), null, null)))
                .isEmpty();
    }

    @Test
    void markdownWithoutTitleIsFineForOtherChatProviders() {
        assertThat(validate(request("demo-slack", markdown(null, "*down*"), null, null)))
                .isEmpty();
    }

    @Test
    void apiCallOnChatChannelIsWrongContentKind() {
        assertThat(validate(request("demo-dingtalk", apiCall("X", "/", null), null, null)))
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(tuple("apiCall", "wrong_content_kind"));
    }

    @Test
    void messageOnApiChannelIsWrongContentKind() {
        assertThat(validate(request("demo-tencent", text("hello"), null, null)))
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(tuple("message", "wrong_content_kind"));
    }

    @Test
    void tencentCloudCallWithoutActionIsRejected() {
        assertThat(validate(request("demo-tencent", apiCall(" ", "/", null), null, null)))
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(tuple("apiCall.action", "missing"));
    }

    @Test
    void dogeCloudCallWithoutApiPathIsRejected() {
        assertThat(validate(request("demo-doge", apiCall(null, "/", null), null, null)))
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(tuple("apiCall.path", "missing"));
    }

    @Test
    void apiCallPathMustStartWithSlash() {
        assertThat(validate(request("demo-doge", apiCall(null, "oss/list.json", null), null, null)))
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(tuple("apiCall.path", "invalid_format"));
    }

    @Test
    void apiCallBodyThatIsNotJsonIsRejected() {
        List<FieldViolation> violations = validate(request("demo-tencent", apiCall("A", "/", "{\"a\": 1"), null, null));
        assertThat(violations)
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(tuple("apiCall.body", "invalid_format"));
        assertThat(violations.getFirst().message()).startsWith("apiCall body is not valid JSON");
        assertThat(validate(request("demo-tencent", apiCall("A", "/", "{} trailing"), null, null)))
                .extracting(FieldViolation::field)
                .containsExactly("apiCall.body");
        assertThat(validate(request("demo-tencent", apiCall("A", "/", ""), null, null)))
                .extracting(FieldViolation::field)
                .containsExactly("apiCall.body");
    }

    @Test
    void unknownHttpMethodIsRejected() {
        ApiCall call = new ApiCall("A", null, null, "FETCH", "/", null);
        assertThat(validate(request("demo-tencent", call, null, null)))
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(tuple("apiCall.method", "invalid_format"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "order-1",
                "a",
                "svc:alert.42_x",
                "0123456789012345678901234567890123456789012345678901234567890123"
            })
    void wellFormedNotificationIdsAreAccepted(String id) {
        assertThat(validate(withIds(id, null, null))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "has space",
                "slash/id",
                "ünïcode",
                "01234567890123456789012345678901234567890123456789012345678901234"
            })
    void malformedNotificationIdIsRejected(String id) {
        assertThat(validate(withIds(id, null, null)))
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(tuple("notificationId", "invalid_format"));
    }

    @Test
    void idempotencyKeyLongerThan255CharactersIsRejected() {
        assertThat(validate(withIds(null, "k".repeat(255), null))).isEmpty();
        assertThat(validate(withIds(null, "k".repeat(256), null)))
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(tuple("idempotencyKey", "too_large"));
    }

    @Test
    void idempotencyKeyWithControlCharactersIsRejected() {
        assertThat(validate(withIds(null, "order 42 / 订单", null))).isEmpty();
        assertThat(validate(withIds(null, "line\nbreak", null)))
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(tuple("idempotencyKey", "invalid_format"));
        assertThat(validate(withIds(null, "", null)))
                .extracting(FieldViolation::code)
                .containsExactly("invalid_format");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "has space", "tenant:1", "t12345678901234567890123456789012345678901234567890123456789012345"
            })
    void malformedTenantIsRejected(String tenant) {
        assertThat(validate(withIds(null, null, tenant)))
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(tuple("tenant", "invalid_format"));
    }

    @Test
    void everyViolationIsCollected() {
        IntakeRequest request = new IntakeRequest(
                Source.KAFKA,
                "bad id",
                "k".repeat(300),
                "demo-dingtalk",
                "bad tenant",
                Map.of(),
                new ChatMessage(
                        null,
                        "  ",
                        io.herald.schema.MessageFormat.MARKDOWN,
                        new io.herald.schema.Mentions(List.of(), List.of(), false)),
                null,
                null,
                List.of());

        assertThat(validate(request))
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactlyInAnyOrder(
                        tuple("message.text", "missing"),
                        tuple("message.title", "missing"),
                        tuple("notificationId", "invalid_format"),
                        tuple("idempotencyKey", "too_large"),
                        tuple("tenant", "invalid_format"));
    }

    @Test
    void contentIsCheckedEvenWhenTheChannelIsUnknown() {
        assertThat(validate(request("nope", text(""), "bad id", null)))
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(
                        tuple("channel", "unknown_channel"),
                        tuple("message.text", "missing"),
                        tuple("notificationId", "invalid_format"));
    }

    @Test
    void readProblemsAreReportedWithTheRest() {
        IntakeRequest request = new IntakeRequest(
                Source.HTTP,
                null,
                null,
                "nope",
                null,
                Map.of(),
                null,
                null,
                null,
                List.of(new FieldViolation(
                        "content", "invalid_format", "give exactly one of message and apiCall, not both")));

        assertThat(validate(request))
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(tuple("content", "invalid_format"), tuple("channel", "unknown_channel"));
    }

    @Test
    void messagesDoNotEchoLongOrMultiLineInput() {
        String channel = "evil\nchannel" + "x".repeat(500);
        FieldViolation violation =
                validate(request(channel, text("hi"), null, null)).getFirst();
        assertThat(violation.message()).doesNotContain("\n").hasSizeLessThan(200);
    }
}
