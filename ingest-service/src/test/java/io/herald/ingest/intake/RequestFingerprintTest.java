package io.herald.ingest.intake;

import static io.herald.ingest.TestChannels.apiCall;
import static io.herald.ingest.TestChannels.markdown;
import static io.herald.ingest.TestChannels.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.ingest.http.JsonRequestMapper;
import io.herald.schema.ChatMessage;
import io.herald.schema.Mentions;
import io.herald.schema.MessageFormat;
import io.herald.schema.RecordOrigin;
import io.herald.schema.Source;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestFingerprintTest {

    private static IntakeRequest request(Map<String, String> attributes, Object content) {
        return new IntakeRequest(
                Source.HTTP, null, "key-1", "demo-dingtalk", "t1", attributes, content, null, null, List.of());
    }

    private static String http(String json) {
        return RequestFingerprint.of(new JsonRequestMapper().read(json.getBytes(StandardCharsets.UTF_8), "key-1"));
    }

    @Test
    void isSha256InHex() {
        assertThat(RequestFingerprint.of(request(Map.of(), text("hi"))))
                .hasSize(64)
                .matches("[0-9a-f]{64}");
    }

    @Test
    void sameRequestHasTheSameFingerprintWhateverWayItCameIn() {
        IntakeRequest overHttp = request(Map.of("team", "ops"), text("disk full"));
        IntakeRequest overKafka = new IntakeRequest(
                Source.KAFKA,
                null,
                "another-key",
                "demo-dingtalk",
                "t1",
                Map.of("team", "ops"),
                text("disk full"),
                Instant.parse("2025-01-01T00:00:00Z"),
                new RecordOrigin("herald.requests", 3, 42L),
                List.of());

        assertThat(RequestFingerprint.of(overKafka)).isEqualTo(RequestFingerprint.of(overHttp));
    }

    @Test
    void spellingThatMeansTheSameRequestDoesNotMatter() {
        String plain = http(
                "{\"channel\":\"demo-dingtalk\",\"attributes\":{\"a\":\"1\",\"b\":\"2\"},\"message\":{\"text\":\"hi\"}}");

        assertThat(http("""
                { "message": { "format": "TEXT", "text": "hi", "mentions": {"mobiles": [], "all": false} },
                  "attributes": { "b": "2", "a": "1" },
                  "channel": "demo-dingtalk", "tenant": null, "idempotencyKey": "key-1" }
                """)).isEqualTo(plain);
        assertThat(http("{\"channel\":\"demo-tencent\",\"apiCall\":{\"action\":\"A\",\"body\":{ \"x\" : [1, 2] }}}"))
                .isEqualTo(
                        http(
                                "{\"channel\":\"demo-tencent\",\"apiCall\":{\"action\":\"A\",\"method\":\"POST\",\"path\":\"/\",\"body\":{\"x\":[1,2]}}}"));
    }

    @Test
    void anyChangeToWhatIsAskedForChangesIt() {
        String original = RequestFingerprint.of(request(Map.of("team", "ops"), text("disk full")));

        assertThat(List.of(
                                request(Map.of("team", "ops"), text("disk full!")),
                                request(Map.of("team", "dev"), text("disk full")),
                                request(Map.of("team", "ops", "x", "y"), text("disk full")),
                                request(Map.of(), text("disk full")),
                                request(Map.of("team", "ops"), markdown(null, "disk full")),
                                request(
                                        Map.of("team", "ops"),
                                        new ChatMessage(
                                                null,
                                                "disk full",
                                                MessageFormat.TEXT,
                                                new Mentions(List.of("13800000000"), List.of(), false))),
                                request(
                                        Map.of("team", "ops"),
                                        new ChatMessage(
                                                null,
                                                "disk full",
                                                MessageFormat.TEXT,
                                                new Mentions(List.of(), List.of(), true))),
                                new IntakeRequest(
                                        Source.HTTP,
                                        null,
                                        "key-1",
                                        "demo-feishu",
                                        "t1",
                                        Map.of("team", "ops"),
                                        text("disk full"),
                                        null,
                                        null,
                                        List.of()),
                                new IntakeRequest(
                                        Source.HTTP,
                                        "n-1",
                                        "key-1",
                                        "demo-dingtalk",
                                        "t1",
                                        Map.of("team", "ops"),
                                        text("disk full"),
                                        null,
                                        null,
                                        List.of()),
                                new IntakeRequest(
                                        Source.HTTP,
                                        null,
                                        "key-1",
                                        "demo-dingtalk",
                                        null,
                                        Map.of("team", "ops"),
                                        text("disk full"),
                                        null,
                                        null,
                                        List.of()))
                        .stream()
                        .map(RequestFingerprint::of))
                .doesNotContain(original)
                .doesNotHaveDuplicates();
    }

    @Test
    void valuesCannotShiftAcrossFieldBoundariesOrNullIntoEmpty() {
        assertThat(RequestFingerprint.of(request(Map.of("ab", "c"), text("x"))))
                .isNotEqualTo(RequestFingerprint.of(request(Map.of("a", "bc"), text("x"))));
        assertThat(RequestFingerprint.of(request(Map.of(), markdown(null, "x"))))
                .isNotEqualTo(RequestFingerprint.of(request(Map.of(), markdown("", "x"))));
        assertThat(RequestFingerprint.of(request(Map.of(), apiCall("A", "/", null))))
                .isNotEqualTo(RequestFingerprint.of(request(Map.of(), apiCall("A", "/", ""))));
        assertThat(RequestFingerprint.of(request(Map.of(), text("x"))))
                .isNotEqualTo(RequestFingerprint.of(request(Map.of(), apiCall("A", "/", "x"))));
    }
}
