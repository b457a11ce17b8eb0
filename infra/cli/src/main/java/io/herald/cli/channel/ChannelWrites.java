package io.herald.cli.channel;

import io.herald.cli.Api;
import io.herald.cli.Cli;
import io.herald.cli.CliException;
import io.herald.cli.Endpoints;
import io.herald.cli.Service;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code herald channel create|update}: a channel's definition (an OPERATOR credential); applies within seconds. */
final class ChannelWrites {

    /** What {@code update} carries over from the current definition, as {@code PUT} replaces the whole of it. */
    private static final List<String> DEFINITION = List.of(
            "tenant",
            "provider",
            "endpoint",
            "credentials",
            "maxMessageBytes",
            "ratePerMinute",
            "maxAttempts",
            "maxAge",
            "fallbacks",
            "fallbackAfterOpen",
            "ordering",
            "onDeadLetter");

    private ChannelWrites() {}

    @Command(
            name = "create",
            description = "Create a channel (POST /v1/channels); it is usable within seconds, no restart.",
            mixinStandardHelpOptions = true)
    static final class Create implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        Endpoints endpoints;

        @Mixin
        DefinitionFlags flags;

        @Parameters(paramLabel = "NAME", description = "The channel's name: 1-63 of a-z 0-9 _ -.")
        String name;

        Create(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            if (flags.provider == null || flags.endpoint == null) {
                throw CliException.usage("a new channel needs --provider and --endpoint");
            }
            String token = ChannelCommand.operatorToken(cli, endpoints);
            ObjectNode body = Cli.JSON.createObjectNode();
            body.put("name", name.strip());
            flags.applyTo(body, flags.secretValues(cli));
            JsonNode created = endpoints.api(cli).post(Service.AUDIT, "/v1/channels", body, token);
            ChannelCommand.done(
                    cli,
                    endpoints,
                    created,
                    "created channel " + name.strip() + " (version "
                            + created.path("version").asString("1") + ")");
            return 0;
        }
    }

    @Command(
            name = "update",
            description = "Change a channel (PUT /v1/channels/{name} with If-Match): the flags given replace those"
                    + " properties, the rest is kept. Applies from the next signature.",
            mixinStandardHelpOptions = true)
    static final class Update implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        Endpoints endpoints;

        @Mixin
        DefinitionFlags flags;

        @Parameters(paramLabel = "NAME", description = "The channel.")
        String name;

        @Option(
                names = "--if-version",
                paramLabel = "N",
                description = "Refuse (412) unless the channel is still at this version (default: the version read).")
        Long ifVersion;

        Update(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            if (flags.given().isEmpty()) {
                throw CliException.usage("nothing to change: give --endpoint, --credential, --secret-file, … (see"
                        + " herald channel update --help)");
            }
            String token = ChannelCommand.operatorToken(cli, endpoints);
            Map<String, String> secrets = flags.secretValues(cli);
            ChannelCommand.Current current = ChannelCommand.fetch(cli, endpoints, name, token);
            ObjectNode body = Cli.JSON.createObjectNode();
            for (String field : DEFINITION) {
                JsonNode value = current.channel().get(field);
                if (value != null && !value.isNull()) {
                    body.set(field, value.deepCopy());
                }
            }
            flags.applyTo(body, secrets);
            Map<String, String> ifMatch = ifVersion != null
                    ? ChannelCommand.ifMatch(ifVersion)
                    : current.etag() == null ? Map.of() : Map.of("If-Match", current.etag());
            Api api = endpoints.api(cli);
            Api.Answer answer =
                    api.send(Service.AUDIT, "PUT", ChannelCommand.path(name), token, body.toString(), ifMatch);
            if (answer.status() == 412) {
                cli.err()
                        .println("herald: channel " + name + " changed since version "
                                + ifMatch.getOrDefault("If-Match", "?").replace("\"", "")
                                + " was read: see herald channel history " + name + ", then run the command again");
            }
            JsonNode updated = api.ok(Service.AUDIT, answer);
            ChannelCommand.done(
                    cli,
                    endpoints,
                    updated,
                    "updated channel " + name.strip() + " (version "
                            + updated.path("version").asString("?") + "; changed " + String.join(", ", flags.given())
                            + ")");
            return 0;
        }
    }
}
