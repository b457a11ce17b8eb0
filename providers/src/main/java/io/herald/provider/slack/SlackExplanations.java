package io.herald.provider.slack;

import io.herald.provider.spi.outcome.CodeTable;

/** Slack incoming webhook error texts: the webhook URL is the credential, nothing is time-stamped. */
final class SlackExplanations {

    static final String DOCS = "https://api.slack.com/messaging/webhooks#handling_errors";

    static final CodeTable TABLE = CodeTable.of("Slack", DOCS)
            .code(
                    "invalid_token",
                    "the webhook's token is invalid",
                    "the webhook URL is wrong or was revoked (the app was uninstalled or the URL regenerated):"
                            + " put the current URL in the channel")
            .code(
                    "channel_not_found",
                    "the webhook's channel does not exist",
                    "the channel was deleted or renamed: create a new webhook for an existing channel")
            .code(
                    "channel_is_archived",
                    "the webhook's channel is archived",
                    "unarchive the channel or point the webhook at another one")
            .code(
                    "action_prohibited",
                    "an admin restricted posting to this channel",
                    "ask the workspace admin, or use a webhook for another channel")
            .code(
                    "posting_to_general_channel_denied",
                    "only admins may post to this channel",
                    "use a webhook for another channel, or ask an admin")
            .code("no_service", "the webhook is disabled or removed", "create a new incoming webhook")
            .code("no_service_id", "the webhook URL has no service id", "the channel's webhook URL is incomplete")
            .code("no_team", "the webhook URL has no or a wrong team", "the channel's webhook URL is incomplete")
            .code("team_disabled", "the Slack workspace is disabled", "nothing Herald can fix: the workspace is gone")
            .code("invalid_payload", "the body is not a valid Slack message", "a malformed message or blocks")
            .code("user_not_found", "the webhook's user does not exist", "create a new webhook")
            .code("too_many_attachments", "more than 100 attachments", "send fewer attachments")
            .code("rollup_error", "a transient fault at Slack", "Herald retries");

    private SlackExplanations() {}
}
