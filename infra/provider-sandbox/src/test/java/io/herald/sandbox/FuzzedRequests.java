package io.herald.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.herald.provider.spi.sandbox.Masking;
import io.herald.provider.spi.sandbox.QueryString;
import io.herald.provider.spi.sandbox.SandboxRequest;
import io.herald.provider.spi.sandbox.SandboxResponse;
import io.herald.provider.spi.sandbox.SandboxVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds hostile requests for the provider fuzz tests ({@code *FuzzTest}) and checks what every handler must do with
 * any of them. The seam is {@link SandboxVerifier#handle}: the request object the sandbox hands a handler after reading
 * the socket (headers in a case-insensitive map, query decoded as a server decodes it), so no socket is involved and a
 * failure points at the handler.
 *
 * <p>Every normal build replays each fuzz test's seeds and past findings from
 * {@code src/test/resources/<package>/<Class>Inputs/verifier/} (regression mode). Run one fuzz test coverage-guided,
 * one verifier per run (Jazzer fuzzes a single test per JVM), with {@code JAVA_HOME} a JDK 21+ and Maven's usual
 * {@code MAVEN_OPTS}:
 *
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -B -Dmaven.repo.local=REPO -pl infra/provider-sandbox test \
 *     -Dtest=DingTalkFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * (the classes: DingTalkFuzzTest, FeishuFuzzTest, WeComFuzzTest, SlackFuzzTest, StandardWebhookFuzzTest,
 * TencentCloudFuzzTest, DogeCloudFuzzTest). Each runs 1,000,000 inputs or 10 minutes, whichever comes first (its
 * {@code @FuzzTest} says so), and stops at the first finding, which Jazzer writes to the inputs directory above as
 * {@code crash-<sha1>}: keep it there, it is the regression test of the fix. The generated corpus stays in
 * {@code .cifuzz-corpus/} (not committed); a few of its entries are kept as {@code seed-<sha1>} inputs.
 */
public final class FuzzedRequests {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    public static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
    /** A fixed provider clock keeps every input reproducible. */
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static final List<String> METHODS = List.of("GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "post");

    private FuzzedRequests() {}

    /** Mostly POST (what every provider wants), sometimes another method or any token. */
    public static String method(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 3)) {
            case 0, 1 -> "POST";
            case 2 -> data.pickValue(METHODS);
            default -> data.consumeAsciiString(12);
        };
    }

    /**
     * A timestamp (in the unit of {@code now}) near {@code now}, at the edges of the provider's {@code tolerance},
     * offset by the extremes of a long (where {@code now - t} overflows), anywhere, or any text.
     */
    public static String timestamp(FuzzedDataProvider data, long now, long tolerance) {
        return switch (data.consumeInt(0, 5)) {
            case 0 -> Long.toString(now);
            case 1 -> Long.toString(now + data.consumeLong(-3 * tolerance, 3 * tolerance));
            case 2 ->
                Long.toString(now
                        + data.pickValue(new long[] {
                            tolerance,
                            tolerance + 1,
                            -tolerance,
                            -tolerance - 1,
                            Long.MIN_VALUE,
                            Long.MAX_VALUE,
                            Long.MIN_VALUE + 1
                        }));
            case 3 -> Long.toString(now + data.consumeLong());
            case 4 -> Long.toString(data.consumeLong());
            default -> data.consumeString(24);
        };
    }

    /** The given value, or (sometimes) any text in its place. */
    public static String either(FuzzedDataProvider data, String value) {
        return data.consumeBoolean() ? value : data.consumeString(64);
    }

    /**
     * Headers as the server hands them over: names case-insensitive, each with one or more values; the given ones
     * (a {@code null} value leaves the header out) plus up to three arbitrary ones (which never replace a given one).
     */
    public static Map<String, List<String>> headers(FuzzedDataProvider data, Map<String, String> given) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        given.forEach((name, value) -> {
            if (value != null) {
                headers.put(name, data.consumeBoolean() ? List.of(value) : List.of(value, data.consumeString(32)));
            }
        });
        int extra = data.consumeInt(0, 3);
        for (int i = 0; i < extra; i++) {
            headers.putIfAbsent(data.consumeAsciiString(24), List.of(data.consumeString(64)));
        }
        return headers;
    }

    /** A request as {@code ProviderSandbox} builds it from an exchange: parameters decoded from the raw query. */
    public static SandboxRequest request(
            String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        return new SandboxRequest(method, path, rawQuery, QueryString.firstValues(rawQuery), headers, body, NOW);
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What must hold for any input: the handler serves the path, answers without throwing, never with a 5xx, and the
     * request can be recorded (path and query masked as the record does).
     */
    public static SandboxResponse answer(SandboxVerifier handler, SandboxRequest request) {
        assertThat(handler.serves(request.path()))
                .as("the fuzz test must hand the handler a path it serves")
                .isTrue();
        SandboxResponse response = handler.handle(request);
        assertThat(response).isNotNull();
        assertThat(response.status()).as(response.verdict()).isBetween(200, 499);
        assertThat(response.verdict()).isNotBlank();
        handler.maskPath(request.path());
        Masking.maskQuery(request.rawQuery());
        Masking.maskQueryForLog(request.rawQuery());
        return response;
    }

    /** The body of a JSON answer, which must be a JSON object. */
    public static JsonNode jsonBody(SandboxResponse response) {
        assertThat(response.contentType()).isEqualTo(SandboxResponse.JSON);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.isObject()).as(response.body()).isTrue();
        return body;
    }
}
