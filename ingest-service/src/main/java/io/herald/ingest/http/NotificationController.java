package io.herald.ingest.http;

import io.herald.contract.security.Caller;
import io.herald.ingest.intake.FieldViolation;
import io.herald.ingest.intake.IntakeOutcome;
import io.herald.ingest.intake.IntakeService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/notifications}: the HTTP way in, for a credential with role PUBLISH ({@link IngestDoors}). Reads the
 * JSON body ({@link JsonRequestMapper}), takes the tenant from the credential ({@link PublishScope}), hands the request
 * to the {@link IntakeService} (the same path as herald.requests) and answers once the outcome is written to Kafka.
 */
@RestController
class NotificationController {

    static final String PATH = "/v1/notifications";
    static final URI INVALID_NOTIFICATION = URI.create("urn:herald:problem:invalid-notification");
    static final URI NOTIFICATION_TOO_LARGE = URI.create("urn:herald:problem:notification-too-large");
    static final URI IDEMPOTENCY_KEY_CONFLICT = URI.create("urn:herald:problem:idempotency-key-conflict");

    private final JsonRequestMapper mapper;
    private final IntakeService intake;

    public NotificationController(JsonRequestMapper mapper, IntakeService intake) {
        this.mapper = mapper;
        this.intake = intake;
    }

    /** The answer to an accepted or duplicate request. */
    public record Answer(String id, String status) {}

    /**
     * Answers 202 ACCEPTED (with {@code Location}), 200 DUPLICATE for a repeated idempotency key, 400 naming every
     * invalid field or 413 for a notification over {@code herald.ingest.max-record-size} (both also written to
     * herald.rejected), 422 for a key already used for a different request. The 401/403, malformed-body, 413-body
     * and 503 answers come from {@link PublishScope}, {@link ProblemHandler} and {@link RequestLimitFilter}.
     */
    @Operation(summary = "Publish a notification (role PUBLISH)", description = "Answers once the outcome is in Kafka")
    @ApiResponse(
            responseCode = "202",
            description = "ACCEPTED; Location names it",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = Answer.class)))
    @ApiResponse(
            responseCode = "200",
            description = "DUPLICATE: the idempotency key was seen, the first id",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = Answer.class)))
    @ApiResponse(responseCode = "400", description = "Malformed or invalid: every invalid field under violations")
    @ApiResponse(
            responseCode = "413",
            description = "Body over herald.ingest.max-request-body or notification over herald.ingest.max-record-size")
    @ApiResponse(responseCode = "422", description = "The idempotency key was used for a different request")
    @ApiResponse(
            responseCode = "503",
            description = "Kafka or the database cannot take it now: retry after Retry-After")
    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> submit(
            @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = PublishRequestSchema.class)))
                    @RequestBody(required = false)
                    byte[] body,
            @Parameter(description = "Same as the body's idempotencyKey")
                    @RequestHeader(name = "Idempotency-Key", required = false)
                    String idempotencyKey) {
        IntakeOutcome outcome = intake.submit(PublishScope.bind(caller, mapper.read(body, idempotencyKey)));
        return switch (outcome) {
            case IntakeOutcome.Accepted accepted ->
                ResponseEntity.accepted()
                        .location(location(accepted.notificationId()))
                        .body(new Answer(accepted.notificationId(), "ACCEPTED"));
            case IntakeOutcome.Duplicate duplicate ->
                ResponseEntity.ok()
                        .location(location(duplicate.notificationId()))
                        .body(new Answer(duplicate.notificationId(), "DUPLICATE"));
            case IntakeOutcome.Conflict conflict ->
                ResponseEntity.unprocessableContent()
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body(problem(conflict));
            case IntakeOutcome.Rejected rejected ->
                ResponseEntity.status(
                                rejected.tooLargeForTopic() ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST)
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body(problem(rejected));
        };
    }

    static ProblemDetail problem(IntakeOutcome.Rejected rejected) {
        List<FieldViolation> violations = rejected.violations();
        ProblemDetail problem;
        if (rejected.tooLargeForTopic()) {
            problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.CONTENT_TOO_LARGE, violations.getFirst().message());
            problem.setType(NOTIFICATION_TOO_LARGE);
            problem.setTitle("Notification too large");
        } else {
            problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.BAD_REQUEST,
                    violations.size() == 1
                            ? "1 field is invalid: " + violations.getFirst().field()
                            : violations.size() + " fields are invalid: "
                                    + String.join(
                                            ", ",
                                            violations.stream()
                                                    .map(FieldViolation::field)
                                                    .toList()));
            problem.setType(INVALID_NOTIFICATION);
            problem.setTitle("Invalid notification request");
        }
        problem.setInstance(URI.create(PATH));
        problem.setProperty("id", rejected.notificationId());
        problem.setProperty(
                "violations",
                violations.stream().map(NotificationController::toMap).toList());
        return problem;
    }

    static ProblemDetail problem(IntakeOutcome.Conflict conflict) {
        String key = conflict.keyField().equals("idempotencyKey") ? "Idempotency-Key" : "notificationId";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.UNPROCESSABLE_CONTENT,
                key + " '" + shown(conflict.key()) + "' was already used for a different request (notification "
                        + conflict.notificationId() + "): this request's content differs. Send the same request to "
                        + "get that answer again, or use a new key for a new request");
        problem.setType(IDEMPOTENCY_KEY_CONFLICT);
        problem.setTitle("Idempotency key already used for a different request");
        problem.setInstance(URI.create(PATH));
        problem.setProperty("id", conflict.notificationId());
        problem.setProperty(
                "violations",
                List.of(toMap(new FieldViolation(
                        conflict.keyField(),
                        io.herald.ingest.intake.ViolationCode.IDEMPOTENCY_KEY_CONFLICT,
                        "used for a different request"))));
        return problem;
    }

    /** Caller-supplied text in a message: at most 100 characters, control characters as {@code ?}. */
    static String shown(String key) {
        String shown = key.length() <= 100 ? key : key.substring(0, 100) + "...";
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    static Map<String, String> toMap(FieldViolation violation) {
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
