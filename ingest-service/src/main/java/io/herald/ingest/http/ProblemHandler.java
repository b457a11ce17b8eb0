package io.herald.ingest.http;

import io.herald.ingest.publish.PublishException;
import java.net.URI;
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
 * RFC 9457 problem answers for {@link NotificationController}'s failures: a malformed body (400) and an
 * unavailable broker or database (503, retryable). Spring MVC's own errors (415, 405, ...) are problem details
 * too ({@code spring.mvc.problemdetails.enabled}).
 */
@RestControllerAdvice(assignableTypes = NotificationController.class)
class ProblemHandler {

    static final URI MALFORMED_REQUEST = URI.create("urn:herald:problem:malformed-request");
    static final URI UNAVAILABLE = URI.create("urn:herald:problem:unavailable");

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(MalformedRequestException.class)
    ResponseEntity<ProblemDetail> malformed(MalformedRequestException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(MALFORMED_REQUEST);
        problem.setTitle("Malformed request body");
        problem.setInstance(URI.create(NotificationController.PATH));
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler({PublishException.class, DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        log.warn("Could not decide or write an HTTP request's outcome: {}", e.toString());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the request's outcome could not be written; retry with the same Idempotency-Key");
        problem.setType(UNAVAILABLE);
        problem.setTitle("Herald cannot take requests right now");
        problem.setInstance(URI.create(NotificationController.PATH));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
