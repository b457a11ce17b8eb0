package io.herald.cli.publish;

import io.herald.cli.Api;
import io.herald.cli.Cli;
import io.herald.cli.Endpoints;
import io.herald.cli.ExitCode;
import io.herald.cli.Service;
import io.herald.cli.audit.AuditCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Follows a notification in the audit API, printing each new status (progress, on stderr) until it is final. Audit
 * lags the pipeline by its consumer lag, so "not found" at first means "not recorded yet".
 */
final class DeliveryWatch {

    private static final Set<String> FINAL = Set.of("DELIVERED", "DEAD_LETTERED", "REJECTED");
    private static final Duration POLL = Duration.ofMillis(500);

    private final Cli cli;
    private final Endpoints endpoints;

    DeliveryWatch(Cli cli, Endpoints endpoints) {
        this.cli = cli;
        this.endpoints = endpoints;
    }

    int await(String id, Duration timeout) {
        String token = cli.token(null, AuditCommand.READ_TOKENS);
        Api api = endpoints.api(cli);
        Instant deadline = cli.clock().instant().plus(timeout);
        String shown = null;
        while (true) {
            Api.Answer answer = api.send(Service.AUDIT, "GET", "/v1/notifications/" + Api.path(id), token, null);
            String status = "NOT YET RECORDED";
            if (answer.status() != 404) {
                JsonNode n = api.ok(Service.AUDIT, answer);
                status = n.path("status").asString();
                String line = status
                        + (n.path("attempts").asInt() > 0
                                ? " (attempt " + n.path("attempts").asInt()
                                        + (n.hasNonNull("lastOutcome")
                                                ? ": " + n.path("lastOutcome").asString()
                                                : "") + ")"
                                : "");
                if (!line.equals(shown)) {
                    cli.err().println("… " + line);
                    cli.err().flush();
                    shown = line;
                }
                if (FINAL.contains(status)) {
                    if (endpoints.json) {
                        cli.out().println(n);
                    } else {
                        cli.out().println(status + " " + id);
                    }
                    cli.out().flush();
                    return "DELIVERED".equals(status) ? ExitCode.OK : ExitCode.FAILED;
                }
            }
            if (cli.clock().instant().isAfter(deadline)) {
                cli.err()
                        .println("herald: " + id + " is still " + status + " after " + timeout.toSeconds()
                                + " s (--wait-timeout); see herald audit show " + id);
                return ExitCode.FAILED;
            }
            PublishCommand.sleep(POLL);
        }
    }
}
