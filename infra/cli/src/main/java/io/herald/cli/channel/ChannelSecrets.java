package io.herald.cli.channel;

import io.herald.cli.Api;
import io.herald.cli.Cli;
import io.herald.cli.CliException;
import io.herald.cli.Endpoints;
import io.herald.cli.Service;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code herald channel add-secret|retire-secret}: rotation (an OPERATOR credential). The new secret comes from
 * standard input or a file, never from the command line, and is never printed; only its id is.
 */
final class ChannelSecrets {

    private ChannelSecrets() {}

    @Command(
            name = "add-secret",
            description = "Add a secret to a credential, read from standard input or --file (sealed by the signer)."
                    + " Standard Webhooks then sign with every secret; other providers with the newest.",
            mixinStandardHelpOptions = true)
    static final class Add implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        Endpoints endpoints;

        @Parameters(index = "0", paramLabel = "NAME", description = "The channel.")
        String name;

        @Parameters(index = "1", paramLabel = "CREDENTIAL", description = "The credential, e.g. secret.")
        String credential;

        @Option(names = "--file", paramLabel = "PATH", description = "Read the secret from this file (default: stdin).")
        String file;

        Add(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            String token = ChannelCommand.operatorToken(cli, endpoints);
            if (file == null && cli.in() == System.in && System.console() != null) {
                cli.err().println("the secret for " + name + "/" + credential + " (not echoed; end with Ctrl-D):");
            }
            String value =
                    DefinitionFlags.read(cli, file == null ? "standard input" : "--file", file == null ? "-" : file);
            if (value.isBlank()) {
                throw CliException.usage("no secret: pipe it to standard input or give --file PATH");
            }
            JsonNode added = endpoints
                    .api(cli)
                    .post(Service.AUDIT, secretsPath(name, credential), Map.of("value", value), token);
            ChannelCommand.done(
                    cli,
                    endpoints,
                    added,
                    "added secret " + added.path("id").asString("?") + " to " + name + "/" + credential
                            + "; retire the old one once receivers have the new: herald channel retire-secret "
                            + name + " " + credential + " <old id>");
            return 0;
        }
    }

    @Command(
            name = "retire-secret",
            description =
                    "Retire a credential's secret by its id (refused when it is the last one the provider needs).",
            mixinStandardHelpOptions = true)
    static final class Retire implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        Endpoints endpoints;

        @Parameters(index = "0", paramLabel = "NAME", description = "The channel.")
        String name;

        @Parameters(index = "1", paramLabel = "CREDENTIAL", description = "The credential.")
        String credential;

        @Parameters(index = "2", paramLabel = "ID", description = "The secret's id (s1, s2, …: herald channel show).")
        String id;

        Retire(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            Api api = endpoints.api(cli);
            JsonNode answer = api.ok(
                    Service.AUDIT,
                    api.send(
                            Service.AUDIT,
                            "DELETE",
                            secretsPath(name, credential) + "/" + Api.path(id),
                            ChannelCommand.operatorToken(cli, endpoints),
                            null));
            ChannelCommand.done(cli, endpoints, answer, "retired secret " + id + " of " + name + "/" + credential);
            return 0;
        }
    }

    static String secretsPath(String name, String credential) {
        return ChannelCommand.path(name) + "/secrets/" + Api.path(credential);
    }
}
