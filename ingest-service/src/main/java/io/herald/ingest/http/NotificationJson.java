package io.herald.ingest.http;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The JSON body of {@code POST /v1/notifications}, as received. Lenient on purpose (strings and nodes): what is
 * wrong with a value is reported as a violation by the validator, not as a parse error.
 */
record NotificationJson(
        String channel,
        String notificationId,
        String idempotencyKey,
        String tenant,
        Map<String, JsonNode> attributes,
        MessageJson message,
        ApiCallJson apiCall) {

    /** A chat message: format {@code text} (default) or {@code markdown}. */
    record MessageJson(String format, String title, String text, MentionsJson mentions) {}

    /** Who to mention (DingTalk: atMobiles, atUserIds, isAtAll). */
    record MentionsJson(List<String> mobiles, List<String> userIds, Boolean all) {}

    /** A signed API call; {@code body} is any JSON value, sent as its compact JSON text. */
    record ApiCallJson(String action, String version, String region, String method, String path, JsonNode body) {}
}
