package io.herald.ingest.http;

import io.herald.ingest.intake.FieldViolation;
import io.herald.ingest.intake.IntakeOutcome;
import io.herald.ingest.intake.IntakeService;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/notifications}: the HTTP way in. Reads the JSON body, hands it to the {@link IntakeService}
 * (the same path as herald.requests) and answers once the outcome is written to Kafka:
 *
 * <ul>
 *   <li>202 {@code {"id":..,"status":"ACCEPTED"}} with {@code Location: /v1/notifications/{id}};
 *   <li>200 {@code {"id":<original>,"status":"DUPLICATE"}} for a repeated idempotency key (nothing written);
 *   <li>400 {@code application/problem+json} with {@code violations:[{field,code,message}]} naming every invalid
 *       field (also written to herald.rejected), or naming the parse problem of a malformed body;
 *   <li>503 problem when Kafka or the database is unavailable: retry with the same idempotency key.
 * </ul>
 */
@RestController
public class NotificationController {

    static final String PATH = "/v1/notifications";
    static final URI INVALID_NOTIFICATION = URI.create("urn:herald:problem:invalid-notification");

    private final JsonRequestMapper mapper;
    private final IntakeService intake;

    public NotificationController(JsonRequestMapper mapper, IntakeService intake) {
        this.mapper = mapper;
        this.intake = intake;
    }

    /** The answer to an accepted or duplicate request. */
    public record Answer(String id, String status) {}

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> submit(
            @RequestBody(required = false) byte[] body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        IntakeOutcome outcome = intake.submit(mapper.read(body, idempotencyKey));
        return switch (outcome) {
            case IntakeOutcome.Accepted accepted -> ResponseEntity.accepted()
                    .location(location(accepted.notificationId()))
                    .body(new Answer(accepted.notificationId(), "ACCEPTED"));
            case IntakeOutcome.Duplicate duplicate -> ResponseEntity.ok()
                    .location(location(duplicate.notificationId()))
                    .body(new Answer(duplicate.notificationId(), "DUPLICATE"));
            case IntakeOutcome.Rejected rejected -> ResponseEntity.badRequest()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem(rejected));
        };
    }

    static ProblemDetail problem(IntakeOutcome.Rejected rejected) {
        List<FieldViolation> violations = rejected.violations();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, violations.size() == 1
                ? "1 field is invalid: " + violations.getFirst().field()
                : violations.size() + " fields are invalid: "
                        + String.join(", ", violations.stream().map(FieldViolation::field).toList()));
        problem.setType(INVALID_NOTIFICATION);
        problem.setTitle("Invalid notification request");
        problem.setInstance(URI.create(PATH));
        problem.setProperty("id", rejected.notificationId());
        problem.setProperty("violations", violations.stream().map(NotificationController::toMap).toList());
        return problem;
    }

    private static Map<String, String> toMap(FieldViolation violation) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("field", violation.field());
        map.put("code", violation.code());
        map.put("message", violation.message());
        return map;
    }

    private static URI location(String id) {
        return URI.create(PATH + "/" + id);
    }
}
