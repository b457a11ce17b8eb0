package io.herald.cli.dlq;

import io.herald.cli.Cli;
import io.herald.cli.Endpoints;
import io.herald.cli.Service;
import io.herald.cli.Table;
import io.herald.cli.audit.AuditCommand;
import io.herald.cli.audit.SearchFilters;
import io.herald.cli.audit.TimelineView;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code herald dlq list|show|replay}: dead letters from the audit API, and their replay (an OPERATOR credential). */
@Command(name = "dlq", description = "List, inspect and replay dead letters.", mixinStandardHelpOptions = true)
public final class DlqCommand {

    private DlqCommand() {}

    public static CommandLine create(Cli cli) {
        return new CommandLine(new DlqCommand())
                .addSubcommand(new ListDeadLetters(cli))
                .addSubcommand(new Show(cli))
                .addSubcommand(new ReplayCommand(cli));
    }

    @Command(
            name = "list",
            description = "Dead letters, newest first (GET /v1/dead-letters).",
            mixinStandardHelpOptions = true)
    static final class ListDeadLetters implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        Endpoints endpoints;

        @Mixin
        SearchFilters filters;

        @Option(
                names = "--reason",
                paramLabel = "TEXT",
                description =
                        "Only dead letters whose reason contains this text (case-insensitive; filtered here, on the page read).")
        String reason;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--cursor", paramLabel = "CURSOR", description = "Continue where a previous page ended.")
        String cursor;

        ListDeadLetters(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>(filters.query(cli));
            query.put("limit", Integer.toString(limit));
            query.put("cursor", cursor);
            JsonNode page = endpoints
                    .api(cli)
                    .get(
                            Service.AUDIT,
                            "/v1/dead-letters",
                            query,
                            cli.token(endpoints.token, AuditCommand.READ_TOKENS));
            if (reason != null && !reason.isBlank()) {
                page = withReason(page, reason);
            }
            if (endpoints.json) {
                cli.out().println(page);
                return 0;
            }
            Table table = new Table(
                    "ID", "DEAD-LETTERED AT", "CHANNEL", "PROVIDER", "ATTEMPTS", "HTTP", "CODE", "REPLAYS", "REASON");
            for (JsonNode n : page.path("items")) {
                table.row(
                        n.path("id").asString(),
                        TimelineView.text(n, "deadLetteredAt"),
                        n.path("channel").asString(),
                        n.path("provider").asString(),
                        n.path("attempts").asInt(),
                        TimelineView.text(n, "lastHttpStatus"),
                        TimelineView.text(n, "lastProviderCode"),
                        n.path("replays").asInt(),
                        TimelineView.text(n, "deadLetterReason"));
            }
            AuditCommand.printPage(cli, table, page, "dead letters");
            return 0;
        }

        /** The page with only the items whose reason contains the text; the cursor is kept. */
        static JsonNode withReason(JsonNode page, String reason) {
            var copy = (tools.jackson.databind.node.ObjectNode) page.deepCopy();
            var items = copy.putArray("items");
            String wanted = reason.toLowerCase(Locale.ROOT);
            for (JsonNode n : page.path("items")) {
                if (n.path("deadLetterReason")
                        .asString("")
                        .toLowerCase(Locale.ROOT)
                        .contains(wanted)) {
                    items.add(n);
                }
            }
            return copy;
        }
    }

    @Command(
            name = "show",
            description = "A dead letter's state and timeline: why it failed, each attempt.",
            mixinStandardHelpOptions = true)
    static final class Show implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        Endpoints endpoints;

        @Parameters(paramLabel = "ID", description = "The notification's id.")
        String id;

        Show(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            JsonNode n = AuditCommand.fetch(cli, endpoints, id);
            if (endpoints.json) {
                cli.out().println(n);
                return 0;
            }
            cli.out().print(TimelineView.render(n));
            if (!"DEAD_LETTERED".equals(n.path("status").asString())) {
                cli.err().println("note: " + id + " is " + n.path("status").asString() + ", not a dead letter");
            }
            return 0;
        }
    }
}
