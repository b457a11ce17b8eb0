package io.herald.audit.replay;

import io.herald.contract.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/replays}: replays dead letters by ids or filter, or reports what it would replay ({@code dryRun}).
 * Only an OPERATOR credential gets here ({@code io.herald.audit.doors.AuditDoors}); its name is recorded as who asked,
 * and it replays only its tenants' dead letters.
 */
@RestController
class ReplayController {

    private final ReplayService replays;

    ReplayController(ReplayService replays) {
        this.replays = replays;
    }

    @Operation(summary = "Replay dead letters by ids or filter, or list what would be replayed (role OPERATOR)")
    @ApiResponse(
            responseCode = "400",
            description = "A filter or request field that cannot be used, named in parameter")
    @ApiResponse(
            responseCode = "200",
            description = "What was replayed (or would be, for a dry run), per dead letter",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ReplayResult.class)))
    @PostMapping("/v1/replays")
    ReplayResult replay(@RequestBody ReplayRequest request, @AuthenticationPrincipal Caller caller) {
        return replays.replay(request, caller);
    }
}
