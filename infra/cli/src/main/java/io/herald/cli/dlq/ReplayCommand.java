package io.herald.cli.dlq;

import io.herald.cli.Cli;
import io.herald.cli.CliException;
import io.herald.cli.Endpoints;
import io.herald.cli.ExitCode;
import io.herald.cli.Service;
import io.herald.cli.Table;
import io.herald.cli.audit.SearchFilters;
import io.herald.cli.audit.TimelineView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code herald dlq replay}: {@code POST /v1/replays} by ids or by filter. Exits 0 when every selected dead letter was
 * replayed (or, with {@code --dry-run}, always on an answer), 1 when some was not (already replayed, rate-limited…).
 */
@Command(
        name = "replay",
        description = "Replay dead letters by id or by filter (POST /v1/replays; OPERATOR credential).",
        mixinStandardHelpOptions = true)
final class ReplayCommand implements Callable<Integer> {

    private final Cli cli;

    @Mixin
    Endpoints endpoints;

    @Mixin
    SearchFilters filters;

    @Parameters(
            paramLabel = "ID",
            arity = "0..*",
            description = "Dead letters to replay; or select them with the filters instead.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--dry-run", description = "Show what would be replayed; send nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Replay also dead letters that were already replayed.")
    boolean force;

    ReplayCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        JsonNode answer = endpoints
                .api(cli)
                .post(Service.AUDIT, "/v1/replays", body(), cli.token(endpoints.token, "HERALD_OPERATOR_TOKEN"));
        if (endpoints.json) {
            cli.out().println(answer);
        } else {
            print(answer);
        }
        return dryRun || everyItemReplayed(answer) ? ExitCode.OK : ExitCode.FAILED;
    }

    /** The request: ids, or a filter with the dead-letter list's names; never both, never neither. */
    Map<String, Object> body() {
        Map<String, String> query = filters.query(cli);
        if (ids.isEmpty() && query.isEmpty()) {
            throw CliException.usage(
                    "name the dead letters to replay: give their ids, or a filter such as --channel, --provider, --provider-code or --since");
        }
        if (!ids.isEmpty() && !query.isEmpty()) {
            throw CliException.usage("give ids or filters (" + String.join(", ", query.keySet()) + "), not both");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (!ids.isEmpty()) {
            body.put("ids", ids);
        } else {
            Map<String, String> filter = new LinkedHashMap<>(query);
            String outcomeClass = filter.remove("class");
            if (outcomeClass != null) {
                filter.put("outcomeClass", outcomeClass);
            }
            body.put("filter", filter);
        }
        body.put("dryRun", dryRun);
        body.put("force", force);
        return body;
    }

    private void print(JsonNode answer) {
        Table table = new Table("ID", "OUTCOME", "REPLAY ID", "REPLAY", "DETAIL");
        for (JsonNode item : answer.path("items")) {
            table.row(
                    item.path("id").asString(),
                    item.path("outcome").asString(),
                    TimelineView.text(item, "replayId"),
                    TimelineView.text(item, "replayCount"),
                    hint(item));
        }
        if (table.isEmpty()) {
            cli.out().println("no dead letter matches: nothing to replay");
            return;
        }
        cli.out().print(table.render());
        List<String> counts = new ArrayList<>();
        answer.path("summary").properties().forEach(e -> counts.add(e.getValue().asInt() + " " + e.getKey()));
        cli.out()
                .println((answer.path("dryRun").asBoolean() ? "dry run, nothing sent: " : "")
                        + String.join(", ", counts));
    }

    private static String hint(JsonNode item) {
        String detail = TimelineView.text(item, "detail");
        if ("ALREADY_REPLAYED".equals(item.path("outcome").asString())) {
            return "add --force to replay it again" + (detail == null ? "" : "; " + detail);
        }
        return detail;
    }

    private static boolean everyItemReplayed(JsonNode answer) {
        for (JsonNode item : answer.path("items")) {
            if (!"REPLAYED".equals(item.path("outcome").asString())) {
                return false;
            }
        }
        return true;
    }
}
