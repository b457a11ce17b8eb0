package io.herald.signer.bench;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelCatalog;
import io.herald.contract.provider.Provider;
import io.herald.contract.sealing.CredentialSealer;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.dingtalk.DingTalkSigner;
import io.herald.provider.dogecloud.DogeCloudSigner;
import io.herald.provider.feishu.FeishuSigner;
import io.herald.provider.slack.SlackSigner;
import io.herald.provider.spi.signing.ProviderSigner;
import io.herald.provider.tencentcloud.TencentCloudSigner;
import io.herald.provider.webhook.StandardWebhookSigner;
import io.herald.provider.wecom.WeComSigner;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ApiCall;
import io.herald.schema.ChatMessage;
import io.herald.schema.Source;
import io.herald.signer.Fixtures;
import io.herald.signer.clock.ClockProperties;
import io.herald.signer.clock.ClockSample;
import io.herald.signer.clock.TrustedClock;
import io.herald.signer.signing.RequestSigning;
import io.herald.signer.signing.SigningHealthIndicator;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Signatures per second per provider on one thread (one core): each provider's full {@link ProviderSigner#sign}
 * (credential lookup, body JSON, canonical string, HMAC), then the whole signing path ({@link RequestSigning}: clock
 * gate + sign + AES-GCM sealing) for DingTalk and Tencent Cloud. Not a test (no *Test name); args
 * {@code [warmup-seconds=3] [measure-seconds=5]}; the command is in docs/benchmarks/signer.md.
 */
public final class SignatureBenchmark {

    private static final Map<String, String> ENV = Map.of(
            "HERALD_OPS_TOKEN",
            Fixtures.OPS_TOKEN,
            "HERALD_OPS_SECRET",
            Fixtures.OPS_SECRET,
            "FS_SECRET",
            "feishu-secret-0123456789",
            "WX_KEY",
            "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa",
            "SLACK_URL",
            "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
            "HOOK_SECRET",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "TC_ID",
            "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
            "TC_KEY",
            "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
            "DOGE_AK",
            "doge-access-key",
            "DOGE_SK",
            "doge-secret-key");

    private record Case(String name, ProviderSigner signer, String channelName, Channel channel, Object content) {}

    public static void main(String[] args) {
        io.herald.contract.kafka.HeraldKafkaAutoConfiguration.trustSchemaPackage();
        Duration warmup = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 3);
        Duration measure = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 5);
        SecretResolver secrets = new SecretResolver(ENV::get);
        ChatMessage chat = ChatMessage.newBuilder()
                .setText("disk almost full on db-7: 93% used on /var/lib/postgresql")
                .build();
        ApiCall dns = ApiCall.newBuilder()
                .setAction("CreateRecord")
                .setVersion("2021-03-23")
                .setRegion("ap-guangzhou")
                .setBody(
                        "{\"Domain\":\"example.com\",\"SubDomain\":\"_acme\",\"RecordType\":\"TXT\",\"RecordLine\":\"默认\",\"Value\":\"token\"}")
                .build();
        ApiCall doge = ApiCall.newBuilder()
                .setPath("/cdn/refresh/add.json")
                .setBody("{\"rtype\":\"path\",\"urls\":[\"https://x/\"]}")
                .build();
        List<Case> cases = List.of(
                new Case("dingtalk", new DingTalkSigner(secrets), "ops", Fixtures.dingTalkChannel(), chat),
                new Case(
                        "feishu",
                        new FeishuSigner(secrets),
                        "fs",
                        channel(
                                "feishu",
                                "https://open.feishu.cn/open-apis/bot/v2/hook/abc",
                                Map.of("secret", "env:FS_SECRET")),
                        chat),
                new Case(
                        "wecom",
                        new WeComSigner(secrets),
                        "wx",
                        channel(
                                "wecom",
                                "https://qyapi.weixin.qq.com/cgi-bin/webhook/send",
                                Map.of("key", "env:WX_KEY")),
                        chat),
                new Case(
                        "slack",
                        new SlackSigner(secrets),
                        "sl",
                        channel("slack", "https://hooks.slack.com", Map.of("webhook-url", "env:SLACK_URL")),
                        chat),
                new Case(
                        "webhook",
                        new StandardWebhookSigner(secrets),
                        "wh",
                        channel("webhook", "https://example.org/hooks", Map.of("secret", "env:HOOK_SECRET")),
                        chat),
                new Case(
                        "tencentcloud",
                        new TencentCloudSigner(secrets),
                        "dns",
                        channel(
                                "tencentcloud",
                                "https://dnspod.tencentcloudapi.com",
                                Map.of("secret-id", "env:TC_ID", "secret-key", "env:TC_KEY")),
                        dns),
                new Case(
                        "dogecloud",
                        new DogeCloudSigner(secrets),
                        "doge",
                        channel(
                                "dogecloud",
                                "https://api.dogecloud.com",
                                Map.of("access-key", "env:DOGE_AK", "secret-key", "env:DOGE_SK")),
                        doge));

        System.out.printf(Locale.ROOT, "%-34s %15s%n", "case (1 thread)", "signatures/s");
        for (Case c : cases) {
            AcceptedNotification n = notification(c.channelName(), c.signer().provider(), c.content());
            double rate = rate(() -> c.signer().sign(n, c.channel(), Instant.now()), warmup, measure);
            System.out.printf(Locale.ROOT, "%-34s %,15.0f%n", c.name(), rate);
        }
        // the whole path: clock gate + sign + seal, as the listeners run it (no Kafka)
        ChannelCatalog catalog = new ChannelCatalog(
                Map.of("ops", cases.get(0).channel(), "dns", cases.get(5).channel()));
        TrustedClock clock = new TrustedClock(Clock.systemUTC(), ClockProperties.defaults());
        clock.record(new ClockSample("sntp:bench:123", Duration.ZERO, Duration.ofMillis(1), Instant.now()));
        RequestSigning signing = Fixtures.requestSigning(
                catalog,
                ENV::get,
                clock,
                new CredentialSealer(Map.of("k", new byte[32]), "k"),
                new SigningHealthIndicator());
        for (Case c : List.of(cases.get(0), cases.get(5))) {
            AcceptedNotification n = notification(c.channelName(), c.signer().provider(), c.content());
            double rate = rate(() -> signing.sign(n, 1, List.of()), warmup, measure);
            System.out.printf(Locale.ROOT, "%-34s %,15.0f%n", c.name() + " + clock gate + AES-GCM seal", rate);
        }
    }

    private static double rate(Runnable op, Duration warmup, Duration measure) {
        long end = System.nanoTime() + warmup.toNanos();
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++) {
                op.run();
            }
        }
        long count = 0;
        long start = System.nanoTime();
        end = start + measure.toNanos();
        long now;
        do {
            for (int i = 0; i < 1000; i++) {
                op.run();
            }
            count += 1000;
            now = System.nanoTime();
        } while (now < end);
        return count / ((now - start) / 1e9);
    }

    private static Channel channel(String provider, String endpoint, Map<String, String> credentials) {
        return new Channel(provider, URI.create(endpoint), credentials, null, null);
    }

    private static AcceptedNotification notification(String channel, Provider provider, Object content) {
        return AcceptedNotification.newBuilder()
                .setNotificationId("bench-1")
                .setChannel(channel)
                .setProvider(provider.id())
                .setContent(content)
                .setSource(Source.HTTP)
                .setAcceptedAt(Instant.now())
                .build();
    }
}
