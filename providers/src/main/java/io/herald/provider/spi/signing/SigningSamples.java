package io.herald.provider.spi.signing;

import io.herald.contract.channel.Channel;
import io.herald.contract.provider.Provider;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ApiCall;
import io.herald.schema.ChatMessage;
import io.herald.schema.Source;
import java.time.Instant;

/** A harmless notification to sign once at start-up, so malformed credentials are found before the first message. */
final class SigningSamples {

    private SigningSamples() {}

    static AcceptedNotification probe(String channelName, Channel channel) {
        boolean api = channel.providerType().kind() == Provider.Kind.API;
        Object content = api
                ? ApiCall.newBuilder()
                        .setAction("DescribeUserDetail")
                        .setVersion("2021-03-23")
                        .setPath("/")
                        .setBody("{}")
                        .build()
                : ChatMessage.newBuilder().setText("start-up check").build();
        return AcceptedNotification.newBuilder()
                .setNotificationId("startup-check")
                .setChannel(channelName)
                .setProvider(channel.provider())
                .setContent(content)
                .setSource(Source.HTTP)
                .setAcceptedAt(Instant.EPOCH)
                .build();
    }
}
