package io.herald.signer;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelCatalog;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.contract.sealing.CredentialSealer;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.dingtalk.DingTalkSigner;
import io.herald.provider.dogecloud.DogeCloudSigner;
import io.herald.provider.feishu.FeishuSigner;
import io.herald.provider.slack.SlackSigner;
import io.herald.provider.tencentcloud.TencentCloudSigner;
import io.herald.provider.webhook.StandardWebhookSigner;
import io.herald.provider.wecom.WeComSigner;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ApiCall;
import io.herald.schema.ChatMessage;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.Mentions;
import io.herald.schema.MessageFormat;
import io.herald.schema.Outcome;
import io.herald.schema.Source;
import io.herald.signer.clock.ClockMetrics;
import io.herald.signer.clock.ClockProperties;
import io.herald.signer.clock.ClockSample;
import io.herald.signer.clock.TrustedClock;
import io.herald.signer.secrets.ChannelCredentials;
import io.herald.signer.secrets.ChannelSecrets;
import io.herald.signer.signing.ProviderSigners;
import io.herald.signer.signing.RequestSigning;
import io.herald.signer.signing.SigningHealthIndicator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Test data shared by the signer's unit tests. */
public final class Fixtures {

    public static final String OPS_TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    public static final String OPS_SECRET = "SEC8a7c1d2f3e4b5a69788776655443322110ffeeddccbbaa99887766554433221100";
    public static final Map<String, String> ENVIRONMENT =
            Map.of("HERALD_OPS_TOKEN", OPS_TOKEN, "HERALD_OPS_SECRET", OPS_SECRET);

    static {
        // Avro 1.12 builds record defaults only for trusted packages; the Kafka auto-configuration does this in the app
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
    }

    private Fixtures() {}

    public static Channel dingTalkChannel() {
        return new Channel(
                "dingtalk",
                URI.create("https://oapi.dingtalk.com/robot/send"),
                Map.of("access-token", "env:HERALD_OPS_TOKEN", "secret", "env:HERALD_OPS_SECRET"),
                null,
                null);
    }

    public static ChannelCatalog catalog() {
        return new ChannelCatalog(Map.of("ops", dingTalkChannel()));
    }

    public static ChatMessage text(String text) {
        return ChatMessage.newBuilder().setText(text).build();
    }

    public static ChatMessage markdown(String title, String text, Mentions mentions) {
        return ChatMessage.newBuilder()
                .setTitle(title)
                .setText(text)
                .setFormat(MessageFormat.MARKDOWN)
                .setMentions(mentions)
                .build();
    }

    public static AcceptedNotification accepted(String id, Object content) {
        return AcceptedNotification.newBuilder()
                .setNotificationId(id)
                .setChannel("ops")
                .setProvider("dingtalk")
                .setContent(content)
                .setSource(Source.HTTP)
                .setAcceptedAt(Instant.parse("2025-01-01T00:00:00Z"))
                .build();
    }

    public static AcceptedNotification accepted(String id) {
        return accepted(id, text("disk full on db-1"));
    }

    public static ApiCall apiCall() {
        return ApiCall.newBuilder().setAction("DescribeRecordList").build();
    }

    public static DeliveryAttempt failedAttempt(String id, int attempt, Instant signedAt) {
        return DeliveryAttempt.newBuilder()
                .setNotificationId(id)
                .setChannel("ops")
                .setProvider("dingtalk")
                .setAttempt(attempt)
                .setSignedAt(signedAt)
                .setStartedAt(signedAt.plusMillis(5))
                .setLatencyMs(30)
                .setOutcome(Outcome.RETRYABLE)
                .setHttpStatus(503)
                .setDispatcher("dispatcher-1")
                .build();
    }

    /** A trusted clock on {@code host} that one source has synchronised: offset zero, error 1 ms. */
    public static TrustedClock syncedClock(MutableClock host) {
        TrustedClock clock = new TrustedClock(host, ClockProperties.defaults());
        clock.record(new ClockSample("sntp:test:123", Duration.ZERO, Duration.ofMillis(1), host.instant()));
        return clock;
    }

    /** The signing code path over {@code catalog} with every provider signer, the given clock and sealer. */
    public static RequestSigning requestSigning(
            ChannelCatalog catalog,
            UnaryOperator<String> environment,
            TrustedClock clock,
            CredentialSealer sealer,
            SigningHealthIndicator health) {
        return requestSigning(
                ChannelDirectory.fixed(catalog), environment, ChannelSecrets.none(), clock, sealer, health);
    }

    /** The signing code path over {@code directory}, opening sealed channel secrets with {@code secrets}. */
    public static RequestSigning requestSigning(
            ChannelDirectory directory,
            UnaryOperator<String> environment,
            ChannelSecrets secrets,
            TrustedClock clock,
            CredentialSealer sealer,
            SigningHealthIndicator health) {
        ChannelCredentials credentials = new ChannelCredentials(secrets, environment);
        return new RequestSigning(
                directory,
                providerSigners(credentials.resolver()),
                credentials,
                clock,
                Optional.ofNullable(sealer),
                health,
                new ClockMetrics(clock, new SimpleMeterRegistry()));
    }

    /** Every provider's signer, resolving credentials with {@code secrets}. */
    public static ProviderSigners providerSigners(SecretResolver secrets) {
        return ProviderSigners.of(
                new DingTalkSigner(secrets),
                new FeishuSigner(secrets),
                new WeComSigner(secrets),
                new SlackSigner(secrets),
                new StandardWebhookSigner(secrets),
                new TencentCloudSigner(secrets),
                new DogeCloudSigner(secrets));
    }

    public static List<DeliveryAttempt> noAttempts() {
        return List.of();
    }
}
