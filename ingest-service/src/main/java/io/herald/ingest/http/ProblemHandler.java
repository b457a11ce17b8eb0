package io.herald.ingest.http;

import io.herald.ingest.IngestProperties;
import io.herald.ingest.intake.FieldViolation;
import io.herald.ingest.publish.OutcomeTooLargeException;
import io.herald.ingest.publish.PublishException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem answers for {@link NotificationController}'s failures: a credential that may not publish the
 * request (403, or 400 when it must name its tenant: {@link PublishScope}), a malformed body (400), a body over
 * {@code herald.ingest.max-request-body} found while reading it (413), a notification the broker refused as too
 * large (413: never worth retrying), and an unavailable broker or database (503 with {@code Retry-After}: retry with
 * the same key). Spring MVC's own errors (415, 405, ...) are problem details too
 * ({@code spring.mvc.problemdetails.enabled}).
 */
@RestControllerAdvice(assignableTypes = NotificationController.class)
class ProblemHandler {

    static final URI MALFORMED_REQUEST = URI.create("urn:herald:problem:malformed-request");
    static final URI UNAVAILABLE = URI.create("urn:herald:problem:unavailable");
    /** Seconds to wait before retrying when the broker or database is unavailable. */
    static final String UNAVAILABLE_RETRY_AFTER = "5";

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final long maxBody;
    private final long maxRecordSize;

    ProblemHandler(IngestProperties properties) {
        this.maxBody = properties.maxRequestBody().toBytes();
        this.maxRecordSize = properties.maxRecordSize().toBytes();
    }

    @ExceptionHandler(MalformedRequestException.class)
    ResponseEntity<ProblemDetail> malformed(MalformedRequestException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(MALFORMED_REQUEST);
        problem.setTitle("Malformed request body");
        problem.setInstance(URI.create(NotificationController.PATH));
        if (!e.problems().isEmpty()) {
            problem.setProperty(
                    "violations",
                    e.problems().stream().map(ProblemHandler::toMap).toList());
        }
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler(PublishScope.PublishRefusedException.class)
    ResponseEntity<ProblemDetail> refused(PublishScope.PublishRefusedException e) {
        log.info("Refused an HTTP request: {}", e.getMessage()); // names the credential, never its value
        return ResponseEntity.status(e.problem().getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(e.problem());
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<ProblemDetail> bodyTooLarge(BodyTooLargeException e) {
        // no Connection: close: the server reads and drops up to server.tomcat.max-swallow-size more of the body so
        // that a client which only reads the answer after sending everything still gets it
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.bodyTooLarge(maxBody, e.getMessage(), NotificationController.PATH));
    }

    @ExceptionHandler(OutcomeTooLargeException.class)
    ResponseEntity<ProblemDetail> recordTooLarge(OutcomeTooLargeException e) {
        log.warn(
                "The broker refused an HTTP request's outcome as too large; its topic takes less than "
                        + "herald.ingest.max-record-size ({} bytes): {}",
                maxRecordSize,
                e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONTENT_TOO_LARGE,
                "the notification is larger than the broker accepts for its topic (" + e.getMessage()
                        + "); shorten the text, body or attributes");
        problem.setType(NotificationController.NOTIFICATION_TOO_LARGE);
        problem.setTitle("Notification too large");
        problem.setInstance(URI.create(NotificationController.PATH));
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler({PublishException.class, DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        log.warn("Could not decide or write an HTTP request's outcome: {}", e.toString());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "the request's outcome could not be written; retry with the same Idempotency-Key");
        problem.setType(UNAVAILABLE);
        problem.setTitle("Herald cannot take requests right now");
        problem.setInstance(URI.create(NotificationController.PATH));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, UNAVAILABLE_RETRY_AFTER)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static Map<String, String> toMap(FieldViolation violation) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("field", violation.field());
        map.put("code", violation.code());
        map.put("message", violation.message());
        return map;
    }
}
