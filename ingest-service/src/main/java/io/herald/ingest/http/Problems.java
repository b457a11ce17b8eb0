package io.herald.ingest.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * The RFC 9457 problems of the limits that protect ingest, in one place so the filter (which answers before Spring
 * MVC runs) and the MVC handlers give the same answer.
 */
final class Problems {

    static final URI REQUEST_TOO_LARGE = URI.create("urn:herald:problem:request-too-large");
    static final URI BUSY = URI.create("urn:herald:problem:busy");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {}

    /** 413: the body is larger than {@code herald.ingest.max-request-body}. */
    static ProblemDetail bodyTooLarge(long limit, String what, String instance) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONTENT_TOO_LARGE,
                "the request body " + what + "; at most " + limit
                        + " bytes are accepted (herald.ingest.max-request-body)");
        problem.setType(REQUEST_TOO_LARGE);
        problem.setTitle("Request body too large");
        problem.setInstance(URI.create(instance));
        problem.setProperty("limit", limit);
        return problem;
    }

    /**
     * 503: every slot of the bulkhead is taken; retry after {@link RequestLimitFilter#BUSY_RETRY_AFTER} s.
     *
     * @param which {@code ""} for all requests, {@code "-large"} for those with large bodies
     */
    static ProblemDetail busy(int limit, String which, String instance) {
        String what = which.isEmpty()
                ? "requests"
                : "requests with bodies over " + RequestLimitFilter.LARGE_BODY / 1024 + " KiB or of unknown length";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "ingest is processing " + limit + " " + what + ", as many as it takes at once "
                        + "(herald.ingest.max-concurrent" + which
                        + "-requests); retry shortly with the same Idempotency-Key");
        problem.setType(BUSY);
        problem.setTitle("Too many requests at once");
        problem.setInstance(URI.create(instance));
        return problem;
    }

    /**
     * Writes {@code problem} as the whole answer, outside Spring MVC. A 413 also closes the connection, so the
     * server does not read (swallow) the rest of a large body to keep it open.
     */
    static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put(
                "instance",
                problem.getInstance() == null ? null : problem.getInstance().toString());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        response.setStatus(problem.getStatus());
        if (problem.getStatus() == HttpStatus.CONTENT_TOO_LARGE.value()) {
            response.setHeader(HttpHeaders.CONNECTION, "close");
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.flushBuffer();
    }
}
