package io.herald.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.ingest.IngestProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RequestLimitFilterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RequestLimitFilter filter = filter(DataSize.ofKilobytes(1), 1, 1);

    private static RequestLimitFilter filter(DataSize maxBody, int maxConcurrent, int maxConcurrentLarge) {
        return new RequestLimitFilter(new IngestProperties(
                Duration.ofDays(7),
                Duration.ofHours(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                maxBody,
                maxConcurrent,
                maxConcurrentLarge,
                DataSize.ofKilobytes(1000),
                Duration.ofSeconds(2),
                Duration.ofSeconds(1)));
    }

    private static MockHttpServletRequest post(byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", NotificationController.PATH);
        request.setContentType("application/json");
        request.setContent(body);
        return request;
    }

    @Test
    void declaredLengthOverTheLimitIs413WithoutReadingTheBodyOrCallingTheController() throws Exception {
        MockHttpServletRequest request = post(new byte[2048]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<ServletRequest> reached = new AtomicReference<>();

        filter.doFilter(request, response, (req, res) -> reached.set(req));

        assertThat(reached).hasNullValue();
        assertThat(request.getInputStream().available()).isEqualTo(2048);
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getHeader("Connection")).isEqualTo("close");
        JsonNode problem = JSON.readTree(response.getContentAsByteArray());
        assertThat(problem.get("type").asString()).isEqualTo("urn:herald:problem:request-too-large");
        assertThat(problem.get("detail").asString())
                .isEqualTo(
                        "the request body is 2048 bytes (Content-Length); at most 1024 bytes are accepted (herald.ingest.max-request-body)");
        assertThat(problem.get("limit").asLong()).isEqualTo(1024);
    }

    @Test
    void bodyWithoutLengthFailsAsSoonAsMoreThanTheLimitIsRead() throws Exception {
        MockHttpServletRequest request = chunked(new ByteArrayInputStream(new byte[5000]));
        AtomicReference<Integer> readBeforeFailure = new AtomicReference<>();

        FilterChain controller = (req, res) -> {
            InputStream body = req.getInputStream();
            byte[] buffer = new byte[100];
            int total = 0;
            try {
                while (body.read(buffer) > 0) {
                    total += 100;
                }
            } finally {
                readBeforeFailure.set(total);
            }
        };

        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, controller);

        // the reader saw 1,000 bytes; the read that passed the limit failed (in MVC, ProblemHandler answers it)
        assertThat(readBeforeFailure.get()).isEqualTo(1000);
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(JSON.readTree(response.getContentAsByteArray()).get("detail").asString())
                .isEqualTo(
                        "the request body is more than 1024 bytes (read so far: 1100); at most 1024 bytes are accepted "
                                + "(herald.ingest.max-request-body)");
    }

    @Test
    void bodyAtTheLimitIsReadWhole() throws Exception {
        MockHttpServletRequest request = chunked(new ByteArrayInputStream(new byte[1024]));
        AtomicReference<Integer> read = new AtomicReference<>();

        filter.doFilter(
                request,
                new MockHttpServletResponse(),
                (req, res) -> read.set(req.getInputStream().readAllBytes().length));

        assertThat(read.get()).isEqualTo(1024);
    }

    @Test
    void requestBeyondTheConcurrencyLimitIs503WithRetryAfterAndTheSlotIsFreedAfterwards() throws Exception {
        MockHttpServletResponse turnedAway = new MockHttpServletResponse();
        filter.doFilter(post(new byte[10]), new MockHttpServletResponse(), (req, res) -> {
            assertThat(filter.inFlight()).isOne();
            filter.doFilter(post(new byte[10]), turnedAway, (inner, innerResponse) -> {
                throw new AssertionError("the second request must not reach the controller");
            });
        });

        assertThat(turnedAway.getStatus()).isEqualTo(503);
        assertThat(turnedAway.getHeader("Retry-After")).isEqualTo("1");
        assertThat(JSON.readTree(turnedAway.getContentAsByteArray()).get("type").asString())
                .isEqualTo("urn:herald:problem:busy");
        assertThat(filter.inFlight()).isZero();
    }

    @Test
    void largeBodiesHaveFewerSlotsThanSmallOnes() throws Exception {
        RequestLimitFilter limits = filter(DataSize.ofMegabytes(1), 3, 1);
        byte[] large = new byte[(int) RequestLimitFilter.LARGE_BODY + 1];
        MockHttpServletResponse secondLarge = new MockHttpServletResponse();
        MockHttpServletResponse chunked = new MockHttpServletResponse();
        AtomicReference<Integer> smallStatus = new AtomicReference<>();

        limits.doFilter(post(large), new MockHttpServletResponse(), (req, res) -> {
            assertThat(limits.largeInFlight()).isOne();
            limits.doFilter(post(large), secondLarge, (inner, innerResponse) -> {
                throw new AssertionError("a second large request must not reach the controller");
            });
            limits.doFilter(chunked(new ByteArrayInputStream(new byte[10])), chunked, (inner, innerResponse) -> {
                throw new AssertionError("a body of unknown length counts as large");
            });
            MockHttpServletResponse small = new MockHttpServletResponse();
            limits.doFilter(post(new byte[100]), small, (inner, innerResponse) -> smallStatus.set(202));
        });

        assertThat(secondLarge.getStatus()).isEqualTo(503);
        assertThat(JSON.readTree(secondLarge.getContentAsByteArray())
                        .get("detail")
                        .asString())
                .isEqualTo(
                        "ingest is processing 1 requests with bodies over 64 KiB or of unknown length, as many as it takes at "
                                + "once (herald.ingest.max-concurrent-large-requests); retry shortly with the same Idempotency-Key");
        assertThat(chunked.getStatus()).isEqualTo(503);
        assertThat(smallStatus).hasValue(202);
        assertThat(limits.inFlight()).isZero();
        assertThat(limits.largeInFlight()).isZero();
    }

    @Test
    void otherPathsAreNotBehindTheBulkhead() throws Exception {
        MockHttpServletResponse health = new MockHttpServletResponse();
        filter.doFilter(
                post(new byte[10]),
                new MockHttpServletResponse(),
                (req, res) -> filter.doFilter(
                        new MockHttpServletRequest("GET", "/actuator/health"),
                        health,
                        (inner, innerResponse) -> ((MockHttpServletResponse) innerResponse).setStatus(200)));

        assertThat(health.getStatus()).isEqualTo(200);
    }

    /** A request whose body has no declared length, like a chunked one. */
    private static MockHttpServletRequest chunked(InputStream body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", NotificationController.PATH) {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        request.setContentType("application/json");
        try {
            request.setContent(body.readAllBytes());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return request;
    }
}
