package io.herald.cli.audit;

import io.herald.cli.Cli;
import io.herald.cli.Endpoints;
import io.herald.cli.Service;
import io.herald.cli.Table;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code herald audit search|show}: the delivery history from the audit API (a READ credential). */
@Command(
        name = "audit",
        description = "Search the delivery history and read a notification's timeline.",
        mixinStandardHelpOptions = true)
public final class AuditCommand {

    private AuditCommand() {}

    public static CommandLine create(Cli cli) {
        return new CommandLine(new AuditCommand())
                .addSubcommand(new Search(cli))
                .addSubcommand(new Show(cli));
    }

    /** The variables a reading command takes its credential from, in order. */
    public static final String[] READ_TOKENS = {"HERALD_READ_TOKEN", "HERALD_OPERATOR_TOKEN"};

    @Command(
            name = "search",
            description = "List notifications, newest first (GET /v1/notifications).",
            mixinStandardHelpOptions = true)
    static final class Search implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        Endpoints endpoints;

        @Mixin
        SearchFilters filters;

        @Option(
                names = "--status",
                paramLabel = "STATUS",
                description = "ACCEPTED, RETRYING, DELIVERED, DEAD_LETTERED or REJECTED.")
        String status;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(
                names = "--cursor",
                paramLabel = "CURSOR",
                description = "Continue where a previous page ended (its nextCursor).")
        String cursor;

        Search(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            Map<String, String> query = new java.util.LinkedHashMap<>();
            query.put("status", status);
            query.putAll(filters.query(cli));
            query.put("limit", Integer.toString(limit));
            query.put("cursor", cursor);
            JsonNode page = endpoints
                    .api(cli)
                    .get(Service.AUDIT, "/v1/notifications", query, cli.token(endpoints.token, READ_TOKENS));
            if (endpoints.json) {
                cli.out().println(page);
                return 0;
            }
            Table table =
                    new Table("ID", "AT", "STATUS", "CHANNEL", "PROVIDER", "ATTEMPTS", "LAST OUTCOME", "HTTP", "CODE");
            for (JsonNode n : page.path("items")) {
                table.row(
                        n.path("id").asString(),
                        n.path("at").asString(),
                        n.path("status").asString(),
                        n.path("channel").asString(),
                        n.path("provider").asString(),
                        n.path("attempts").asInt(),
                        TimelineView.text(n, "lastOutcome"),
                        TimelineView.text(n, "lastHttpStatus"),
                        TimelineView.text(n, "lastProviderCode"));
            }
            printPage(cli, table, page, "notifications");
            return 0;
        }
    }

    @Command(
            name = "show",
            description = "A notification's state and timeline (GET /v1/notifications/{id}).",
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
            JsonNode n = fetch(cli, endpoints, id);
            cli.out().print(endpoints.json ? n + System.lineSeparator() : TimelineView.render(n));
            return 0;
        }
    }

    /** The notification's view; 404 becomes a failure naming the id. */
    public static JsonNode fetch(Cli cli, Endpoints endpoints, String id) {
        return endpoints
                .api(cli)
                .get(
                        Service.AUDIT,
                        "/v1/notifications/" + io.herald.cli.Api.path(id),
                        Map.of(),
                        cli.token(endpoints.token, READ_TOKENS));
    }

    /** Prints a table of one page, or says it is empty, and how to get the next page. */
    public static void printPage(Cli cli, Table table, JsonNode page, String what) {
        if (table.isEmpty()) {
            cli.out().println("no " + what + " match");
        } else {
            cli.out().print(table.render());
        }
        String next = TimelineView.text(page, "nextCursor");
        if (next != null) {
            cli.out().println("more: add --cursor " + next);
        }
    }
}
