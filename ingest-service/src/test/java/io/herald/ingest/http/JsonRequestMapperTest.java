package io.herald.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.herald.ingest.intake.FieldViolation;
import io.herald.ingest.intake.IntakeRequest;
import io.herald.schema.ApiCall;
import io.herald.schema.ChatMessage;
import io.herald.schema.MessageFormat;
import io.herald.schema.Source;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonRequestMapperTest {

    private final JsonRequestMapper mapper = new JsonRequestMapper();

    private IntakeRequest read(String json) {
        return mapper.read(json.getBytes(StandardCharsets.UTF_8), null);
    }

    @Test
    void chatMessageIsReadWithEveryField() {
        IntakeRequest request = read("""
                {"channel":"demo-dingtalk","notificationId":"n-1","idempotencyKey":"k1","tenant":"t1",
                 "attributes":{"team":"ops"},
                 "message":{"format":"markdown","title":"Disk","text":"**full**",
                            "mentions":{"mobiles":["13800000000"],"userIds":["u1"],"all":true}}}
                """);

        assertThat(request.source()).isEqualTo(Source.HTTP);
        assertThat(request.channel()).isEqualTo("demo-dingtalk");
        assertThat(request.notificationId()).isEqualTo("n-1");
        assertThat(request.idempotencyKey()).isEqualTo("k1");
        assertThat(request.tenant()).isEqualTo("t1");
        assertThat(request.attributes()).containsExactlyEntriesOf(java.util.Map.of("team", "ops"));
        assertThat(request.readProblems()).isEmpty();
        ChatMessage message = (ChatMessage) request.content();
        assertThat(message.getFormat()).isEqualTo(MessageFormat.MARKDOWN);
        assertThat(message.getTitle()).isEqualTo("Disk");
        assertThat(message.getText()).isEqualTo("**full**");
        assertThat(message.getMentions().getMobiles()).containsExactly("13800000000");
        assertThat(message.getMentions().getUserIds()).containsExactly("u1");
        assertThat(message.getMentions().getAll()).isTrue();
        assertThat(request.toAvro()).isPresent();
    }

    @Test
    void messageDefaultsToPlainTextWithoutMentions() {
        ChatMessage message = (ChatMessage) read("""
                {"channel":"demo-dingtalk","notificationId":null,"message":{"text":"hi"}}
                """).content();

        assertThat(message.getFormat()).isEqualTo(MessageFormat.TEXT);
        assertThat(message.getMentions().getMobiles()).isEmpty();
        assertThat(message.getMentions().getUserIds()).isEmpty();
        assertThat(message.getMentions().getAll()).isFalse();
    }

    @Test
    void apiCallBodyIsAnyJsonSentAsCompactText() {
        IntakeRequest request = read("""
                {"channel":"demo-tencent",
                 "apiCall":{"action":"DescribeRecordList","version":"2021-03-23","region":"ap-guangzhou",
                            "body":{ "Domain" : "example.com", "Limit": 10, "Tags": [1, 2] }}}
                """);

        ApiCall call = (ApiCall) request.content();
        assertThat(call.getAction()).isEqualTo("DescribeRecordList");
        assertThat(call.getVersion()).isEqualTo("2021-03-23");
        assertThat(call.getRegion()).isEqualTo("ap-guangzhou");
        assertThat(call.getMethod()).isEqualTo("POST");
        assertThat(call.getPath()).isEqualTo("/");
        assertThat(call.getBody()).isEqualTo("{\"Domain\":\"example.com\",\"Limit\":10,\"Tags\":[1,2]}");
    }

    @Test
    void apiCallWithoutBodyHasNone() {
        ApiCall call = (ApiCall) read("""
                {"channel":"demo-doge","apiCall":{"method":"GET","path":"/oss/bucket/list.json","body":null}}
                """).content();

        assertThat(call.getBody()).isNull();
        assertThat(call.getMethod()).isEqualTo("GET");
    }

    @Test
    void idempotencyKeyHeaderIsUsedWhenTheBodyHasNone() {
        IntakeRequest request = mapper.read(
                "{\"channel\":\"c\",\"message\":{\"text\":\"hi\"}}".getBytes(StandardCharsets.UTF_8), "hdr-key");

        assertThat(request.idempotencyKey()).isEqualTo("hdr-key");
        assertThat(request.readProblems()).isEmpty();
    }

    @Test
    void differingHeaderAndBodyKeysAreAProblem() {
        IntakeRequest request = mapper.read(
                "{\"channel\":\"c\",\"idempotencyKey\":\"a\",\"message\":{\"text\":\"hi\"}}"
                        .getBytes(StandardCharsets.UTF_8),
                "b");

        assertThat(request.readProblems())
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(tuple("idempotencyKey", "invalid_format"));
    }

    @Test
    void bothMessageAndApiCallIsAProblem() {
        IntakeRequest request = read("""
                {"channel":"c","message":{"text":"hi"},"apiCall":{"action":"A"}}
                """);

        assertThat(request.content()).isNull();
        assertThat(request.readProblems())
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(tuple("content", "invalid_format"));
    }

    @Test
    void unknownFormatIsAProblem() {
        assertThat(read("{\"channel\":\"c\",\"message\":{\"format\":\"html\",\"text\":\"hi\"}}")
                        .readProblems())
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactly(tuple("message.format", "invalid_format"));
    }

    @Test
    void nonStringAttributeAndNullMentionAreProblems() {
        IntakeRequest request = read("""
                {"channel":"c","attributes":{"ok":"yes","n":5},"message":{"text":"hi","mentions":{"mobiles":["1",null]}}}
                """);

        assertThat(request.attributes()).containsOnlyKeys("ok");
        assertThat(request.readProblems())
                .extracting(FieldViolation::field, FieldViolation::code)
                .containsExactlyInAnyOrder(
                        tuple("attributes.n", "invalid_format"), tuple("message.mentions.mobiles", "invalid_format"));
    }

    @Test
    void syntaxErrorIsMalformedWithItsLocation() {
        assertThatThrownBy(() -> read("{\"channel\": \"c\",\n \"message\": {\"text\": \"hi\"}"))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void unknownFieldIsMalformedAndNamed() {
        assertThatThrownBy(() -> read("{\"channel\":\"c\",\"mesage\":{\"text\":\"hi\"}}"))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageStartingWith("mesage: unknown field; expected one of channel, notificationId");
    }

    @Test
    void wrongJsonTypeIsMalformedWithItsPath() {
        assertThatThrownBy(() -> read("{\"channel\":\"c\",\"message\":{\"text\":{\"nested\":true}}}"))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessage("message.text: expected a string, got an object");
        assertThatThrownBy(() -> read("[1,2]")).isInstanceOf(MalformedRequestException.class);
    }

    @Test
    void emptyOrNullBodyIsMalformed() {
        assertThatThrownBy(() -> mapper.read(new byte[0], null))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> mapper.read(null, null)).isInstanceOf(MalformedRequestException.class);
        assertThatThrownBy(() -> read("null"))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessage("the request body is null; expected a JSON object");
    }

    @Test
    void trailingGarbageIsMalformed() {
        assertThatThrownBy(() -> read("{\"channel\":\"c\"} {}")).isInstanceOf(MalformedRequestException.class);
    }

    @Test
    void wrongJsonTypesNameEachFieldPathAndTheExpectedTypeNeverAJavaClass() {
        assertThatThrownBy(() -> read("""
                {"channel":5,"tenant":["t"],"message":"hi"}
                """)).isInstanceOfSatisfying(MalformedRequestException.class, e -> {
            assertThat(e.getMessage())
                    .isEqualTo("channel: expected a string, got a number; "
                            + "tenant: expected a string, got an array; message: expected an object, got a string");
            assertThat(e.problems())
                    .extracting(FieldViolation::field, FieldViolation::code)
                    .containsExactly(
                            tuple("channel", "invalid_type"),
                            tuple("tenant", "invalid_type"),
                            tuple("message", "invalid_type"));
            assertThat(e.getMessage()).doesNotContain("io.herald", "Json", "java.", "$");
        });
    }

    @Test
    void wrongTypesInsideTheMessageAndApiCallNameTheirFullPath() {
        assertThatThrownBy(() -> read("""
                {"channel":"c","message":{"text":"hi","title":1,"mentions":{"mobiles":["1",2],"all":"yes"}}}
                """))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessage(
                        "message.title: expected a string, got a number; message.mentions.mobiles[1]: expected a "
                                + "string, got a number; message.mentions.all: expected a boolean (true or false), got a string");
        assertThatThrownBy(() -> read("{\"channel\":\"c\",\"apiCall\":{\"path\":{},\"method\":true}}"))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessage(
                        "apiCall.method: expected a string, got a boolean; apiCall.path: expected a string, got an object");
        assertThatThrownBy(() ->
                        read("{\"channel\":\"c\",\"message\":{\"text\":\"hi\",\"mentions\":{\"userIds\":\"u1\"}}}"))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessage("message.mentions.userIds: expected an array of strings, got a string");
    }

    @Test
    void unknownNestedFieldIsNamedWithItsPathAndTheFieldsThatExist() {
        assertThatThrownBy(() -> read("{\"channel\":\"c\",\"message\":{\"txt\":\"hi\"}}"))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessage("message.txt: unknown field; expected one of format, title, text, mentions");
    }

    @Test
    void oddFieldNamesAreQuotedInThePath() {
        // found by RequestMappingFuzzTest: an empty name made the path empty (": unknown field")
        assertThatThrownBy(() -> read("{\"\":1,\"a.b\":2,\"x\\u0000\\\"y\":3}"))
                .isInstanceOfSatisfying(
                        MalformedRequestException.class,
                        e -> assertThat(e.problems())
                                .extracting(FieldViolation::field)
                                .containsExactly("\"\"", "\"a.b\"", "\"x?\\\"y\""));
        assertThat(read("{\"channel\":\"c\",\"attributes\":{\"\":1},\"message\":{\"text\":\"hi\"}}")
                        .readProblems())
                .extracting(FieldViolation::field)
                .containsExactly("attributes.\"\"");
    }

    @Test
    void manyTypeErrorsAreListedUpToALimitAndCounted() {
        StringBuilder mobiles = new StringBuilder("[");
        for (int i = 0; i < 50; i++) {
            mobiles.append(i == 0 ? "" : ",").append(i);
        }
        String json = "{\"channel\":\"c\",\"message\":{\"text\":\"hi\",\"mentions\":{\"mobiles\":" + mobiles + "]}}}";

        assertThatThrownBy(() -> read(json))
                .isInstanceOfSatisfying(
                        MalformedRequestException.class,
                        e -> assertThat(e.problems()).hasSize(JsonRequestMapper.MAX_PROBLEMS))
                .hasMessageEndingWith("; and 30 more");
    }

    @Test
    void syntaxErrorNamesLineAndColumnWithoutParserInternals() {
        assertThatThrownBy(() -> read("{\"channel\": \"c\",\n  \"message\": {\"text\": hi}}"))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageStartingWith("the request body is not valid JSON: ")
                .hasMessageEndingWith("(line 2, column 23)")
                .message()
                .doesNotContain("Source", "REDACTED", "tools.jackson", "`");
        assertThatThrownBy(() -> read("{\"channel\": \"c\""))
                .isInstanceOf(MalformedRequestException.class)
                .message()
                .contains("line 1")
                .doesNotContain("Source", "REDACTED", "start marker");
    }

    @Test
    void parserAdviceAboutItsOwnSettingsIsLeftOut() {
        // found by RequestMappingFuzzTest: Jackson suggests "enable
        // `JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS`"
        assertThatThrownBy(() -> read("{\"channel\":\"c\",\"message\":{\"text\":\"hi\",\"mentions\":{\"all\":+1}}}"))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessage(
                        "the request body is not valid JSON: Unexpected character ('+' (code 43)) in numeric value: "
                                + "JSON spec does not allow numbers to have plus signs (line 1, column 58)");
        assertThatThrownBy(() -> read("{'channel':'c'}"))
                .isInstanceOf(MalformedRequestException.class)
                .message()
                .doesNotContain("JsonReadFeature", "`", "enable");
    }

    @Test
    void duplicateFieldIsMalformedRatherThanOneOfTheValuesWinning() {
        assertThatThrownBy(() -> read("{\"channel\":\"a\",\"channel\":\"b\",\"message\":{\"text\":\"hi\"}}"))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("Duplicate Object property \"channel\"")
                .hasMessageContaining("line 1");
    }

    @Test
    void deepNestingAndTokenFloodsAreMalformedBeforeATreeIsBuilt() {
        String deep = "{\"channel\":\"c\",\"apiCall\":{\"body\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}}";
        assertThatThrownBy(() -> read(deep))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("nesting depth");

        String flood = "{\"channel\":\"c\",\"apiCall\":{\"body\":[" + "0,".repeat(150_000) + "0]}}";
        assertThatThrownBy(() -> read(flood))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("Token count");
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] body = {'{', '"', 'c', 'h', 'a', 'n', 'n', 'e', 'l', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        assertThatThrownBy(() -> mapper.read(body, null))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void apiCallBodyNumbersKeepTheirExactValue() {
        ApiCall call = (ApiCall) read("""
                {"channel":"demo-tencent","apiCall":{"action":"A","body":{"big":1e400,"price":0.1,"n":12345678901234567890}}}
                """).content();

        assertThat(call.getBody()).isEqualTo("{\"big\":1E+400,\"price\":0.1,\"n\":12345678901234567890}");
    }

    @Test
    void numberWhoseExponentIsOutOfRangeIsMalformed() {
        // found by RequestMappingFuzzTest: Jackson threw a NumberFormatException, which would have been a 500
        assertThatThrownBy(() -> read("{\"channel\":\"demo-tencent\",\"apiCall\":{\"body\":[1E88888888888888888888]}}"))
                .isInstanceOf(MalformedRequestException.class)
                .hasMessage(
                        "the request body has a number that cannot be read exactly (its exponent or length is out of range)");
    }

    @Test
    void nonStringAttributesAreReportedUpToALimit() {
        StringBuilder attributes = new StringBuilder("{");
        for (int i = 0; i < 30; i++) {
            attributes
                    .append(i == 0 ? "" : ",")
                    .append("\"a")
                    .append(i)
                    .append("\":")
                    .append(i);
        }
        IntakeRequest request =
                read("{\"channel\":\"c\",\"attributes\":" + attributes + "},\"message\":{\"text\":\"hi\"}}");

        assertThat(request.readProblems()).hasSize(JsonRequestMapper.MAX_PROBLEMS + 1);
        assertThat(request.readProblems().getFirst().message())
                .isEqualTo("expected a string, got a number; attribute values are strings");
        assertThat(request.readProblems().getLast())
                .isEqualTo(
                        new FieldViolation("attributes", "invalid_format", "10 more attribute values are not strings"));
    }
}
