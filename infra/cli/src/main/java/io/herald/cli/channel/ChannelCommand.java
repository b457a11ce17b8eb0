package io.herald.cli.channel;

import io.herald.cli.Api;
import io.herald.cli.Cli;
import io.herald.cli.CliException;
import io.herald.cli.Endpoints;
import io.herald.cli.Service;
import io.herald.cli.audit.AuditCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/**
 * {@code herald channel …}: the channels managed live through the audit service's channel API ({@code /v1/channels}):
 * reading takes a READ credential, every change an OPERATOR one. Secrets are sent once and never printed.
 */
@Command(
        name = "channel",
        description = "List, create, change, test and retire channels, live (the audit service's /v1/channels).",
        mixinStandardHelpOptions = true)
public final class ChannelCommand {

    static final String OPERATOR_TOKEN = "HERALD_OPERATOR_TOKEN";

    private ChannelCommand() {}

    public static CommandLine create(Cli cli) {
        return new CommandLine(new ChannelCommand())
                .addSubcommand(new ChannelQueries.ListChannels(cli))
                .addSubcommand(new ChannelQueries.Show(cli))
                .addSubcommand(new ChannelQueries.History(cli))
                .addSubcommand(new ChannelWrites.Create(cli))
                .addSubcommand(new ChannelWrites.Update(cli))
                .addSubcommand(new ChannelStates.Disable(cli))
                .addSubcommand(new ChannelStates.Enable(cli))
                .addSubcommand(new ChannelStates.Delete(cli))
                .addSubcommand(new ChannelStates.Resume(cli))
                .addSubcommand(new TestChannel(cli))
                .addSubcommand(new ChannelSecrets.Add(cli))
                .addSubcommand(new ChannelSecrets.Retire(cli));
    }

    /** {@code /v1/channels/<name>}, the name escaped. */
    static String path(String name) {
        if (name == null || name.isBlank()) {
            throw CliException.usage("give the channel's name");
        }
        return "/v1/channels/" + Api.path(name.strip());
    }

    static String readToken(Cli cli, Endpoints endpoints) {
        return cli.token(endpoints.token, AuditCommand.READ_TOKENS);
    }

    static String operatorToken(Cli cli, Endpoints endpoints) {
        return cli.token(endpoints.token, OPERATOR_TOKEN);
    }

    /** The channel as the API answers it, with its version from the {@code ETag} (or the body). */
    record Current(JsonNode channel, String etag) {}

    static Current fetch(Cli cli, Endpoints endpoints, String name, String token) {
        Api api = endpoints.api(cli);
        Api.Answer answer = api.send(Service.AUDIT, "GET", path(name), token, null);
        JsonNode channel = api.ok(Service.AUDIT, answer);
        String etag = answer.etag() != null
                ? answer.etag()
                : channel.has("version") ? "\"" + channel.path("version").asLong() + "\"" : null;
        return new Current(channel, etag);
    }

    /** {@code If-Match: "<version>"} from {@code --if-version}, when given. */
    static java.util.Map<String, String> ifMatch(Long version) {
        return version == null ? java.util.Map.of() : java.util.Map.of("If-Match", "\"" + version + "\"");
    }

    /** Prints the answer as JSON with {@code --json}, else the one line. */
    static void done(Cli cli, Endpoints endpoints, JsonNode answer, String line) {
        cli.out().println(endpoints.json ? answer.toString() : line);
    }
}
