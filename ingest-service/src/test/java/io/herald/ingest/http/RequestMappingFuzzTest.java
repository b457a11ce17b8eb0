package io.herald.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.herald.ingest.AvroEncoding;
import io.herald.ingest.TestChannels;
import io.herald.ingest.intake.FieldViolation;
import io.herald.ingest.intake.IntakeRequest;
import io.herald.ingest.intake.RequestFingerprint;
import io.herald.ingest.intake.RequestValidator;
import io.herald.ingest.intake.ViolationCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * Fuzzes the HTTP request mapping and validation in process ({@link JsonRequestMapper} then {@link RequestValidator},
 * no server): whatever the bytes, the result is a mapped request (with or without violations) or a
 * {@link MalformedRequestException}; never another exception, and no answer names a Java class or parser internals.
 * A request without violations must encode as Avro, as it will on herald.accepted.
 *
 * <p>In every build this runs as a regression test over the inputs in
 * {@code src/test/resources/io/herald/ingest/http/RequestMappingFuzzTestInputs/mapsOrRejectsAnyBody/} (seeds, and any
 * finding kept there). A coverage-guided run (at most 10 minutes or 500,000 inputs) from the repository root:
 *
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -B -pl ingest-service -am test -Dtest='RequestMappingFuzzTest#mapsOrRejectsAnyBody' \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Jazzer keeps the corpus it grows in {@code ingest-service/.cifuzz-corpus/} (not committed) and writes a crashing
 * input into the inputs directory above, where it stays as a regression input once fixed.
 *
 * <p>Input layout: a body alone, or byte 0, a length byte N, N bytes of {@code Idempotency-Key} header, then the body.
 */
class RequestMappingFuzzTest {

    private static final JsonRequestMapper MAPPER = new JsonRequestMapper();
    private static final RequestValidator VALIDATOR = new RequestValidator(TestChannels.directory());
    private static final Set<String> CODES = Set.of(
            ViolationCode.MISSING,
            ViolationCode.UNKNOWN_CHANNEL,
            ViolationCode.TOO_LARGE,
            ViolationCode.INVALID_FORMAT,
            ViolationCode.WRONG_CONTENT_KIND,
            ViolationCode.INVALID_TYPE,
            ViolationCode.UNKNOWN_FIELD);
    /**
     * What an answer must never show unless the caller sent it (a field name or character is echoed): Java or parser
     * internals. (A second finding was "$" echoed from a bad escape: the caller's, not a class name.)
     */
    private static final List<String> INTERNALS =
            List.of("io.herald", "java.", "tools.jackson", "Exception", "Source:", "REDACTED", "`");
    /** A nested Java class name: {@code NotificationJson$MessageJson}. */
    private static final Pattern NESTED_CLASS = Pattern.compile("[A-Za-z0-9_]+\\$[A-Z][A-Za-z0-9_]*");

    @FuzzTest(maxDuration = "10m", maxExecutions = 500_000)
    void mapsOrRejectsAnyBody(byte[] input) {
        String header = null;
        byte[] body = input;
        if (input.length >= 2 && input[0] == 0) {
            int length = Math.min(input[1] & 0xff, input.length - 2);
            header = new String(input, 2, length, StandardCharsets.UTF_8);
            body = Arrays.copyOfRange(input, 2 + length, input.length);
        }

        String sent = new String(input, StandardCharsets.UTF_8);
        IntakeRequest request;
        try {
            request = MAPPER.read(body, header);
        } catch (MalformedRequestException e) {
            assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(20_000);
            assertNoInternals(e.getMessage(), sent);
            assertThat(e.problems())
                    .hasSizeLessThanOrEqualTo(JsonRequestMapper.MAX_PROBLEMS)
                    .allSatisfy(problem -> wellFormed(problem, sent));
            return;
        }

        List<FieldViolation> violations = VALIDATOR.validate(request);
        assertThat(violations).allSatisfy(violation -> wellFormed(violation, sent));
        assertThat(RequestFingerprint.of(request)).hasSize(64);
        if (violations.isEmpty()) {
            assertThat(request.toAvro()).hasValueSatisfying(AvroEncoding::encode);
        }
    }

    private static void wellFormed(FieldViolation violation, String sent) {
        assertThat(violation.field()).isNotBlank();
        assertThat(violation.code()).isIn(CODES);
        assertThat(violation.message()).isNotBlank();
        assertNoInternals(violation.message(), sent);
    }

    private static void assertNoInternals(String message, String sent) {
        for (String internal : INTERNALS) {
            if (message.contains(internal)) {
                assertThat(sent).as("'%s' in the answer %s", internal, message).contains(internal);
            }
        }
        NESTED_CLASS
                .matcher(message)
                .results()
                .map(MatchResult::group)
                .forEach(name -> assertThat(sent)
                        .as("'%s' in the answer %s", name, message)
                        .contains(name));
    }
}
