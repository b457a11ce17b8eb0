package io.herald.audit.timeline;

import io.herald.contract.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit query API: {@code GET /v1/notifications/{id}} answers a notification's state and timeline, or 404 as
 * {@code application/problem+json} naming the id. Another tenant's notification is answered exactly like an unknown one
 * (never 403), so a caller cannot tell that it exists.
 */
@RestController
@RequestMapping("/v1/notifications")
class NotificationController {

    private final NotificationQuery query;

    NotificationController(NotificationQuery query) {
        this.query = query;
    }

    @Operation(summary = "A notification's timeline (role READ)", description = "Every recorded event, oldest first")
    @ApiResponse(
            responseCode = "404",
            description = "No notification with this id among the caller's tenants (audit may lag the pipeline)")
    @ApiResponse(
            responseCode = "200",
            description = "The notification, its replay lineage and its timeline",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = NotificationView.class)))
    @GetMapping("/{id}")
    NotificationView notification(@PathVariable String id, @AuthenticationPrincipal Caller caller) {
        return query.find(id)
                .filter(view -> caller.mayActFor(view.tenant()))
                .orElseThrow(() -> new NotificationNotFoundException(id));
    }

    @ExceptionHandler(NotificationNotFoundException.class)
    ProblemDetail notFound(NotificationNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.NOT_FOUND, "Audit has no notification with id '" + e.id() + "'.");
        problem.setTitle("Notification not found");
        problem.setProperty("notificationId", e.id());
        return problem;
    }

    /** No event of the notification has been recorded (yet: audit may lag the pipeline by its consumer lag). */
    static final class NotificationNotFoundException extends RuntimeException {
        private final String id;

        NotificationNotFoundException(String id) {
            super("no notification with id " + id, null, false, false);
            this.id = id;
        }

        String id() {
            return id;
        }
    }
}
