package io.herald.provider.dingtalk;

import io.herald.schema.ChatMessage;
import io.herald.schema.Mentions;
import io.herald.schema.MessageFormat;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON body of a DingTalk robot message, text or markdown, with its {@code at} block:
 * {@code {"msgtype":"text","text":{"content":"…"},"at":{"atMobiles":[…],"atUserIds":[…],"isAtAll":false}}} or
 * {@code {"msgtype":"markdown","markdown":{"title":"…","text":"…"},"at":{…}}}.
 * See https://open.dingtalk.com/document/robots/custom-robot-access.
 */
final class DingTalkMessage {

    private final JsonMapper json = JsonMapper.builder().build();

    byte[] body(ChatMessage message) {
        ObjectNode root = json.createObjectNode();
        if (message.getFormat() == MessageFormat.MARKDOWN) {
            root.put("msgtype", "markdown");
            root.putObject("markdown").put("title", markdownTitle(message)).put("text", message.getText());
        } else {
            root.put("msgtype", "text");
            root.putObject("text").put("content", message.getText());
        }
        Mentions mentions = message.getMentions();
        ObjectNode at = root.putObject("at");
        ArrayNode mobiles = at.putArray("atMobiles");
        mentions.getMobiles().forEach(mobiles::add);
        ArrayNode userIds = at.putArray("atUserIds");
        mentions.getUserIds().forEach(userIds::add);
        at.put("isAtAll", mentions.getAll());
        return json.writeValueAsBytes(root);
    }

    /**
     * DingTalk requires a markdown title (it is what the chat list and the push notification show). When the
     * message has none, the first non-blank line of the text is used, without its heading marks.
     */
    private static String markdownTitle(ChatMessage message) {
        if (message.getTitle() != null && !message.getTitle().isBlank()) {
            return message.getTitle();
        }
        return message.getText()
                .lines()
                .map(line -> line.replaceFirst("^\\s*#+\\s*", "").strip())
                .filter(line -> !line.isEmpty())
                .findFirst()
                .orElse("Notification");
    }
}
