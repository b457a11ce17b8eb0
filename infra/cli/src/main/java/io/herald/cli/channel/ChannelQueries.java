package io.herald.cli.channel;

import io.herald.cli.Cli;
import io.herald.cli.Endpoints;
import io.herald.cli.Service;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code herald channel list|show|history}: reading channels (a READ credential). */
final class ChannelQueries {

    private ChannelQueries() {}

    @Command(
            name = "list",
            description = "The channels you may see (GET /v1/channels).",
            mixinStandardHelpOptions = true)
    static final class ListChannels implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        Endpoints endpoints;

        @Option(names = "--tenant", paramLabel = "TENANT", description = "Only this tenant's channels.")
        String tenant;

        @Option(names = "--provider", paramLabel = "ID", description = "Only this provider's channels.")
        String provider;

        @Option(
                names = "--state",
                paramLabel = "STATE",
                description = "Only channels in this state: ACTIVE, DISABLED or DELETED.")
        String state;

        ListChannels(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("tenant", tenant);
            query.put("provider", provider);
            query.put("state", state);
            JsonNode answer = endpoints
                    .api(cli)
                    .get(Service.AUDIT, "/v1/channels", query, ChannelCommand.readToken(cli, endpoints));
            cli.out().print(endpoints.json ? answer + System.lineSeparator() : ChannelView.table(answer));
            return 0;
        }
    }

    @Command(
            name = "show",
            description = "One channel: state, version, endpoint, credential references, secret ids (never values).",
            mixinStandardHelpOptions = true)
    static final class Show implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        Endpoints endpoints;

        @Parameters(paramLabel = "NAME", description = "The channel.")
        String name;

        Show(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            JsonNode channel = ChannelCommand.fetch(cli, endpoints, name, ChannelCommand.readToken(cli, endpoints))
                    .channel();
            cli.out().print(endpoints.json ? channel + System.lineSeparator() : ChannelView.channel(channel));
            return 0;
        }
    }

    @Command(
            name = "history",
            description = "Every version of a channel: what changed, who, when (GET /v1/channels/{name}/history).",
            mixinStandardHelpOptions = true)
    static final class History implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        Endpoints endpoints;

        @Parameters(paramLabel = "NAME", description = "The channel.")
        String name;

        History(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            JsonNode answer = endpoints
                    .api(cli)
                    .get(
                            Service.AUDIT,
                            ChannelCommand.path(name) + "/history",
                            Map.of(),
                            ChannelCommand.readToken(cli, endpoints));
            cli.out().print(endpoints.json ? answer + System.lineSeparator() : ChannelView.history(answer));
            return 0;
        }
    }
}
