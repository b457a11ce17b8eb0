package io.herald.ingest.http;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape {@link JsonRequestMapper} reads, for the OpenAPI document only (the mapper parses the body itself, so
 * that errors name JSON fields): keep the two in step; {@code PublishAccessIT} checks the served fields.
 */
@Schema(
        name = "PublishRequest",
        additionalProperties = Schema.AdditionalPropertiesValue.FALSE,
        description = "Exactly one of message (chat providers) and apiCall (API providers); unknown fields are refused")
record PublishRequestSchema(
        @Schema(
                description = "The channel of config/channels.yml to deliver to",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String channel,

        @Schema(description = "Your id for this notification (default: one is made)")
        String notificationId,

        @Schema(
                description = "Repeating a request with the same key answers 200 DUPLICATE with the first id; the"
                        + " Idempotency-Key header is the same (both given: they must be equal)")
        String idempotencyKey,

        @Schema(description = "Must be the credential's tenant, when given: the tenant comes from the credential")
        String tenant,

        @Schema(description = "String attributes kept with the notification")
        Map<String, String> attributes,

        Message message,
        ApiCall apiCall) {

    @Schema(
            name = "PublishMessage",
            description = "A chat message",
            additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record Message(
            @Schema(
                    allowableValues = {"text", "markdown"},
                    defaultValue = "text")
            String format,

            String title,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            String text,

            Mentions mentions) {}

    @Schema(
            name = "PublishMentions",
            description = "Who to mention, where the provider supports it",
            additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record Mentions(List<String> mobiles, List<String> userIds, Boolean all) {}

    @Schema(
            name = "PublishApiCall",
            description = "A signed API call (Tencent Cloud, DogeCloud)",
            additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record ApiCall(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            String action,

            String version,
            String region,

            @Schema(defaultValue = ContentReader.DEFAULT_METHOD)
            String method,

            @Schema(defaultValue = ContentReader.DEFAULT_PATH)
            String path,

            @Schema(description = "Any JSON value, sent as its compact JSON text")
            Object body) {}
}
