package io.herald.provider.spi.signing;

import io.herald.contract.redaction.Redaction;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ApiCall;
import io.herald.schema.ChatMessage;

/** Takes the content a provider expects out of a notification, or says why it cannot be signed. */
public final class ChatContent {

    private ChatContent() {}

    public static ChatMessage chat(AcceptedNotification notification, String providerName) {
        if (notification.getContent() instanceof ChatMessage message) {
            return message;
        }
        throw new UnsignableNotificationException("notification " + notification.getNotificationId() + " for channel "
                + notification.getChannel() + ": " + providerName + " takes chat messages, not "
                + notification.getContent().getClass().getSimpleName());
    }

    public static ApiCall api(AcceptedNotification notification, String providerName) {
        if (notification.getContent() instanceof ApiCall call) {
            return call;
        }
        throw new UnsignableNotificationException("notification " + notification.getNotificationId() + " for channel "
                + notification.getChannel() + ": " + providerName + " takes API calls, not "
                + notification.getContent().getClass().getSimpleName());
    }

    /** The first non-blank line of the text without heading marks, for providers that need a title. */
    public static String title(ChatMessage message) {
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

    /** {@code scheme://authority/***}: the URL with its whole path masked (for URLs whose path is the credential). */
    public static String maskPath(java.net.URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + "/" + Redaction.MASK;
    }
}
