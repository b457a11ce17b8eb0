package io.herald.audit.replay;

import io.herald.audit.access.Caller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/replays}: replays dead letters by ids or filter, or reports what it would replay ({@code dryRun}).
 * Only an OPERATOR token gets here ({@link io.herald.audit.access.TokenFilter}); its name is recorded as who asked.
 */
@RestController
class ReplayController {

    private final ReplayService replays;

    ReplayController(ReplayService replays) {
        this.replays = replays;
    }

    @PostMapping("/v1/replays")
    ReplayResult replay(@RequestBody ReplayRequest request, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return replays.replay(request, caller.name());
    }
}
