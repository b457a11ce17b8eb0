package io.herald.provider.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contract.channel.Channel;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.signing.ChannelMisconfiguredException;
import io.herald.provider.spi.signing.SignedRequest;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.Mentions;
import io.herald.schema.Source;
import io.herald.signer.Fixtures;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackSignerTest {

    private static final String HOOK = "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX";
    private final Map<String, String> env =
            Map.of("SLACK_URL", HOOK, "OTHER_URL", "https://evil.example/services/T/B/X");
    private final SlackSigner signer = new SlackSigner(new SecretResolver(env::get));

    private static Channel channel(String reference) {
        return new Channel(
                "slack", URI.create("https://hooks.slack.com"), Map.of("webhook-url", reference), null, null);
    }

    private static AcceptedNotification notification(Object content) {
        return AcceptedNotification.newBuilder()
                .setNotificationId("n-1")
                .setChannel("team")
                .setProvider("slack")
                .setContent(content)
                .setSource(Source.HTTP)
                .setAcceptedAt(Instant.EPOCH)
                .build();
    }

    @Test
    void theWebhookUrlIsTheCredentialAndItsPathIsMasked() {
        SignedRequest signed = signer.sign(notification(Fixtures.text("hi")), channel("env:SLACK_URL"), Instant.EPOCH);

        assertThat(signed.call().getUrl()).isEqualTo(HOOK);
        assertThat(signed.maskedUrl()).isEqualTo("https://hooks.slack.com/***");
        assertThat(new String(signed.call().getBody().array(), StandardCharsets.UTF_8))
                .isEqualTo("{\"text\":\"hi\"}");
    }

    @Test
    void markdownAddsAMrkdwnSection() {
        SignedRequest signed = signer.sign(
                notification(
                        Fixtures.markdown("t", "*bold*", Mentions.newBuilder().build())),
                channel("env:SLACK_URL"),
                Instant.EPOCH);

        assertThat(new String(signed.call().getBody().array(), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"text\":\"*bold*\",\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*bold*\"}}]}");
    }

    @Test
    void webhookUrlOnAnotherOriginIsMisconfigured() {
        assertThatThrownBy(
                        () -> signer.sign(notification(Fixtures.text("hi")), channel("env:OTHER_URL"), Instant.EPOCH))
                .isInstanceOf(ChannelMisconfiguredException.class)
                .hasMessage(
                        "herald.channels.team.credentials.webhook-url: must be a URL on the channel's endpoint origin "
                                + "https://hooks.slack.com")
                .hasMessageNotContaining("evil");
    }
}
