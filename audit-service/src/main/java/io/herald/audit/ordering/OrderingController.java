package io.herald.audit.ordering;

import io.herald.contract.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where the ordered channels stand ({@code ordering: strict}): {@code GET /v1/ordering} lists those the caller may see,
 * {@code GET /v1/ordering/{channel}} answers one, or 404 as {@code application/problem+json} naming it. Another
 * tenant's channel is answered exactly like an unknown one.
 */
@RestController
@RequestMapping("/v1/ordering")
class OrderingController {

    private final OrderingQuery query;

    OrderingController(OrderingQuery query) {
        this.query = query;
    }

    @Operation(
            summary = "Where each ordered channel stands (role READ)",
            description = "Every ordered channel the caller may see, by name: clear, waiting behind its head (with the"
                    + " head's next try and last try), or stopped by a dead letter until an operator resumes it")
    @ApiResponse(
            responseCode = "200",
            description = "The ordered channels",
            content =
                    @Content(
                            mediaType = "application/json",
                            array = @ArraySchema(schema = @Schema(implementation = OrderingView.class))))
    @GetMapping
    List<OrderingView> list(@AuthenticationPrincipal Caller caller) {
        return query.all(caller);
    }

    @Operation(summary = "Where one ordered channel stands (role READ)")
    @ApiResponse(
            responseCode = "404",
            description = "No ordered channel of this name among those the caller may see",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "200",
            description = "The channel's ordering state",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderingView.class)))
    @GetMapping("/{channel}")
    OrderingView one(@PathVariable String channel, @AuthenticationPrincipal Caller caller) {
        return query.one(channel, caller).orElseThrow(() -> new UnknownOrderedChannelException(channel));
    }

    @ExceptionHandler(UnknownOrderedChannelException.class)
    ProblemDetail notFound(UnknownOrderedChannelException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.NOT_FOUND,
                "No ordered channel '" + e.channel() + "': it is unknown, not ordered (ordering: strict), or not one"
                        + " of your tenants'.");
        problem.setTitle("Ordered channel not found");
        problem.setProperty("channel", e.channel());
        return problem;
    }

    static final class UnknownOrderedChannelException extends RuntimeException {
        private final String channel;

        UnknownOrderedChannelException(String channel) {
            super("no ordered channel " + channel, null, false, false);
            this.channel = channel;
        }

        String channel() {
            return channel;
        }
    }
}
