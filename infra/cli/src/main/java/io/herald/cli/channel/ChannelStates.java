package io.herald.cli.channel;

import io.herald.cli.Api;
import io.herald.cli.Cli;
import io.herald.cli.Endpoints;
import io.herald.cli.Service;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code herald channel disable|enable|delete|resume} (an OPERATOR credential), each saying what happens to work in
 * flight.
 */
final class ChannelStates {

    private ChannelStates() {}

    /** One state change: its method and path below the channel, and what it means for notifications. */
    abstract static class StateChange implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        Endpoints endpoints;

        @Parameters(paramLabel = "NAME", description = "The channel.")
        String name;

        @Option(
                names = "--if-version",
                paramLabel = "N",
                description = "Refuse (412) unless the channel is still at this version.")
        Long ifVersion;

        StateChange(Cli cli) {
            this.cli = cli;
        }

        abstract String method();

        abstract String below();

        abstract String done();

        @Override
        public Integer call() {
            Api api = endpoints.api(cli);
            Api.Answer answer = api.send(
                    Service.AUDIT,
                    method(),
                    ChannelCommand.path(name) + below(),
                    ChannelCommand.operatorToken(cli, endpoints),
                    null,
                    ChannelCommand.ifMatch(ifVersion));
            JsonNode channel = api.ok(Service.AUDIT, answer);
            String version = channel.has("version")
                    ? " (version " + channel.path("version").asString() + ")"
                    : "";
            ChannelCommand.done(cli, endpoints, channel, done().formatted(name.strip() + version));
            return 0;
        }
    }

    @Command(
            name = "disable",
            description = "Disable a channel: new notifications are still accepted and wait (parked) until it is"
                    + " enabled, or are dead-lettered at the channel's max age.",
            mixinStandardHelpOptions = true)
    static final class Disable extends StateChange {
        Disable(Cli cli) {
            super(cli);
        }

        @Override
        String method() {
            return "POST";
        }

        @Override
        String below() {
            return "/disable";
        }

        @Override
        String done() {
            return "disabled channel %s: its notifications wait until it is enabled";
        }
    }

    @Command(
            name = "enable",
            description = "Enable a disabled channel: what waited is sent.",
            mixinStandardHelpOptions = true)
    static final class Enable extends StateChange {
        Enable(Cli cli) {
            super(cli);
        }

        @Override
        String method() {
            return "POST";
        }

        @Override
        String below() {
            return "/enable";
        }

        @Override
        String done() {
            return "enabled channel %s";
        }
    }

    @Command(
            name = "delete",
            description = "Delete a channel: new notifications for it are rejected, those in flight are dead-lettered"
                    + " with the reason. A channel of the seed file cannot be deleted (disable it instead).",
            mixinStandardHelpOptions = true)
    static final class Delete extends StateChange {
        Delete(Cli cli) {
            super(cli);
        }

        @Override
        String method() {
            return "DELETE";
        }

        @Override
        String below() {
            return "";
        }

        @Override
        String done() {
            return "deleted channel %s: new notifications are rejected, those in flight dead-lettered";
        }
    }

    @Command(
            name = "resume",
            description = "Resume an ordered channel stopped by a dead letter (on-dead-letter stop): the notifications"
                    + " held behind it go on, in order.",
            mixinStandardHelpOptions = true)
    static final class Resume extends StateChange {
        Resume(Cli cli) {
            super(cli);
        }

        @Override
        String method() {
            return "POST";
        }

        @Override
        String below() {
            return "/ordering/resume";
        }

        @Override
        String done() {
            return "resumed channel %s: the notifications held behind a dead letter go on, in order";
        }
    }
}
