package io.herald.audit.channels;

import io.herald.contract.channel.Channel;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/**
 * A channel as {@code POST /v1/channels} and {@code PUT /v1/channels/{name}} take it, read and checked by
 * {@link ChannelRequests}.
 *
 * @param tenantGiven whether the body had {@code tenant} at all (PUT keeps the current tenant without it)
 * @param secrets credential name to a submitted secret value: sealed by the signer, never stored or shown as given
 */
record ChannelRequest(String name, boolean tenantGiven, String tenant, Channel channel, Map<String, String> secrets) {

    ChannelRequest {
        secrets = Map.copyOf(secrets);
    }

    @Override
    public String toString() {
        // never the secrets' values
        return "ChannelRequest[name=" + name + ", tenant=" + tenant + ", secrets=" + secrets.keySet() + "]";
    }

    /** The body's JSON, for the OpenAPI document. */
    @Schema(name = "ChannelRequest")
    record Body(
            @Schema(description = "1-63 of [a-z0-9_-]; POST only (PUT takes it from the path)")
            String name,

            @Schema(
                    description = "The owning tenant; omitted: the caller's only tenant, or shared for a caller of"
                            + " every tenant (PUT: unchanged)")
            String tenant,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            String provider,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            String endpoint,

            @Schema(description = "Credential name to env:VARIABLE or file:/path")
            Map<String, String> credentials,

            @Schema(description = "Credential name to a secret value, sealed by the signer and never shown again")
            Map<String, String> secrets,

            Integer maxMessageBytes,
            Integer ratePerMinute,
            Integer maxAttempts,

            @Schema(description = "ISO-8601 duration", example = "PT30M")
            String maxAge,

            @Schema(
                    description = "The route: chat channels tried in this order when a notification of this one is"
                            + " dead-lettered, each rendered and signed for its own provider (at most 3; same tenant or"
                            + " shared)")
            java.util.List<String> fallbacks,

            @Schema(
                    description = "ISO-8601 duration: a circuit open this long also sends notifications on to the"
                            + " first fallback",
                    example = "PT5M")
            String fallbackAfterOpen,

            @Schema(
                    description = "strict: delivered in the order accepted, later ones waiting behind one that waits"
                            + " for a retry; none (or omitted): no order kept across retries",
                    allowableValues = {"strict", "none"})
            String ordering,

            @Schema(
                    description = "Of an ordered channel, when the notification the others wait behind is"
                            + " dead-lettered: release (or omitted) lets the next go; stop holds the rest until an"
                            + " operator resumes the channel (POST /v1/channels/{name}/ordering/resume)",
                    allowableValues = {"release", "stop"})
            String onDeadLetter) {}
}
