package io.herald.audit.replay;

import io.herald.contract.security.Caller;
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

    @PostMapping("/v1/replays")
    ReplayResult replay(@RequestBody ReplayRequest request, @AuthenticationPrincipal Caller caller) {
        return replays.replay(request, caller);
    }
}
