package io.herald.signer.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelCatalog;
import io.herald.contract.provider.Provider;
import io.herald.contract.sealing.CredentialSealer;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ApiCall;
import io.herald.schema.HttpCall;
import io.herald.schema.SignedDelivery;
import io.herald.schema.Source;
import io.herald.signer.Fixtures;
import io.herald.signer.MutableClock;
import io.herald.signer.clock.ClockProperties;
import io.herald.signer.clock.ClockSample;
import io.herald.signer.clock.TrustedClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestSigningTest {

    private static final Instant HOST_NOW = Instant.parse("2026-01-01T02:00:00Z");
    private static final String WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final Map<String, String> env = new HashMap<>(Map.of(
            "HERALD_OPS_TOKEN",
            Fixtures.OPS_TOKEN,
            "HERALD_OPS_SECRET",
            Fixtures.OPS_SECRET,
            "TC_ID",
            "AKIDexample",
            "TC_KEY",
            "keyexample",
            "WX_KEY",
            "wecom-key-1",
            "HOOK_SECRET",
            WHSEC + ",whsec_AAECAwQFBgcICQoLDA0ODw=="));
    private final ChannelCatalog catalog = new ChannelCatalog(Map.of(
            "ops", Fixtures.dingTalkChannel(),
            "dns",
                    new Channel(
                            "tencentcloud",
                            URI.create("https://dnspod.tencentcloudapi.com"),
                            Map.of("secret-id", "env:TC_ID", "secret-key", "env:TC_KEY"),
                            null,
                            null),
            "wx",
                    new Channel(
                            "wecom",
                            URI.create("https://qyapi.weixin.qq.com/cgi-bin/webhook/send"),
                            Map.of("key", "env:WX_KEY"),
                            null,
                            null),
            "hooks",
                    new Channel(
                            "webhook",
                            URI.create("https://example.org/hooks"),
                            Map.of("secret", "env:HOOK_SECRET"),
                            null,
                            null)));
    private final MutableClock host = new MutableClock(HOST_NOW);
    private final TrustedClock clock = new TrustedClock(host, ClockProperties.defaults());
    private final SigningHealthIndicator health = new SigningHealthIndicator();
    private final CredentialSealer sealer = new CredentialSealer(Map.of("k1", new byte[32]), "k1");

    private RequestSigning signing(CredentialSealer sealer) {
        return Fixtures.requestSigning(catalog, env::get, clock, sealer, health);
    }

    private static AcceptedNotification notification(String channel, String provider, Object content) {
        return AcceptedNotification.newBuilder()
                .setNotificationId("n-" + channel)
                .setChannel(channel)
                .setProvider(provider)
                .setContent(content)
                .setSource(Source.HTTP)
                .setAcceptedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .build();
    }

    private static AcceptedNotification dnsCall() {
        return notification(
                "dns",
                "tencentcloud",
                ApiCall.newBuilder()
                        .setAction("DescribeRecordList")
                        .setVersion("2021-03-23")
                        .setBody("{\"Domain\":\"example.com\"}")
                        .build());
    }

    @Test
    void hostClockTwoHoursAheadIsCorrectedInTheSignature() {
        clock.record(new ClockSample("sntp:ntp:123", Duration.ofHours(-2), Duration.ofMillis(2), HOST_NOW));

        RequestSigning.Result result = signing(null).sign(dnsCall(), 1, List.of());

        assertThat(result.refused()).isFalse();
        assertThat(result.delivery().getSignedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(result.delivery().getRequest().getHeaders()).containsEntry("X-TC-Timestamp", "1767225600");
        assertThat(result.delivery().getNotAfter()).isEqualTo(Instant.parse("2026-01-01T00:05:00Z"));
    }

    @Test
    void aSignatureCarriesTheClockItWasStampedWithAndWhatItCovers() {
        clock.record(new ClockSample("sntp:ntp:123", Duration.ofHours(-2), Duration.ofMillis(2), HOST_NOW));

        SignedDelivery signed = signing(null).sign(dnsCall(), 1, List.of()).delivery();

        assertThat(signed.getClock().getOffsetMs()).isEqualTo(-7_200_000L);
        assertThat(signed.getClock().getErrorBoundMs()).isPositive().isLessThan(1_000L);
        assertThat(signed.getClock().getToleranceMs()).isEqualTo(300_000L);
        // Tencent's signature covers the body: its SHA-256, never a secret
        assertThat(signed.getSignedContent().getCovers()).contains("the body (24 bytes)");
        assertThat(signed.getSignedContent().getSha256())
                .isEqualTo(io.herald.provider.spi.signing.Crypto.sha256Hex(
                        "{\"Domain\":\"example.com\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(signed.toString()).doesNotContain("keyexample");
    }

    @Test
    void aRefusalCarriesNoClockState() {
        SignedDelivery refused = signing(null).sign(dnsCall(), 1, List.of()).delivery();

        assertThat(refused.getRefusal()).isNotNull();
        assertThat(refused.getClock()).isNull();
    }

    @Test
    void withoutATimeSourceTencentIsRefusedToWaitAndWeComIsStillSigned() {
        RequestSigning signing = signing(null);

        RequestSigning.Result tencent = signing.sign(dnsCall(), 1, List.of());
        RequestSigning.Result wecom = signing.sign(notification("wx", "wecom", Fixtures.text("hi")), 1, List.of());

        assertThat(tencent.refused()).isTrue();
        assertThat(tencent.provider()).contains(Provider.of("tencentcloud"));
        assertThat(tencent.delivery().getRefusal().getPermanent()).isFalse();
        assertThat(tencent.delivery().getRefusal().getReason())
                .isEqualTo("clock error bound unknown (no time source reachable) exceeds tencentcloud tolerance 300 s");
        assertThat(tencent.delivery().getRequest().getHeaders()).isEmpty();
        assertThat(tencent.delivery().getRequest().getBody().remaining()).isZero();
        assertThat(wecom.refused()).isFalse();
    }

    @Test
    void credentialsAreSealedAndOnlyMaskedValuesAreLeftInTheClear() {
        clock.record(new ClockSample("sntp:ntp:123", Duration.ZERO, Duration.ofMillis(2), HOST_NOW));
        RequestSigning signing = signing(sealer);

        SignedDelivery dingtalk = signing.sign(notification("ops", "dingtalk", Fixtures.text("hi")), 3, List.of())
                .delivery();
        SignedDelivery tencent = signing.sign(dnsCall(), 1, List.of()).delivery();

        assertThat(dingtalk.getRequest().getUrl())
                .isEqualTo("https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=1767232800000&sign=***");
        Map<String, String> opened = sealer.unseal(dingtalk.getRequest().getSealed(), "n-ops:3");
        assertThat(opened.get(CredentialSealer.URL))
                .startsWith("https://oapi.dingtalk.com/robot/send?access_token=" + Fixtures.OPS_TOKEN
                        + "&timestamp=1767232800000&sign=");
        assertThat(tencent.getRequest().getHeaders())
                .containsEntry("Authorization", "***")
                .containsEntry("X-TC-Action", "DescribeRecordList");
        assertThat(sealer.unseal(tencent.getRequest().getSealed(), "n-dns:1").get("header:Authorization"))
                .startsWith("TC3-HMAC-SHA256 Credential=AKIDexample/");
        assertThat(tencent.toString()).doesNotContain("AKIDexample", "keyexample");
    }

    @Test
    void withoutASealerTheRealRequestIsWritten() {
        clock.record(new ClockSample("sntp:ntp:123", Duration.ZERO, Duration.ofMillis(2), HOST_NOW));

        SignedDelivery wecom = signing(null)
                .sign(notification("wx", "wecom", Fixtures.text("hi")), 1, List.of())
                .delivery();

        assertThat(wecom.getRequest().getSealed()).isNull();
        assertThat(wecom.getRequest().getUrl()).endsWith("?key=wecom-key-1");
    }

    @Test
    void standardWebhookCarriesOneSignaturePerSecretDuringRotation() {
        clock.record(new ClockSample("sntp:ntp:123", Duration.ZERO, Duration.ofMillis(2), HOST_NOW));

        SignedDelivery hook = signing(null)
                .sign(notification("hooks", "webhook", Fixtures.text("hi")), 2, List.of())
                .delivery();

        Map<String, String> headers = hook.getRequest().getHeaders();
        assertThat(headers).containsEntry("webhook-id", "msg_n-hooks").containsEntry("webhook-timestamp", "1767232800");
        String[] signatures = headers.get("webhook-signature").split(" ");
        assertThat(signatures).hasSize(2).allMatch(s -> s.startsWith("v1,"));
        byte[] body = new byte[hook.getRequest().getBody().remaining()];
        hook.getRequest().getBody().duplicate().get(body);
        assertThat(signatures[0]).isEqualTo(StandardWebhookSigner_sign(body));
        assertThat(new String(body, StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"herald.notification\","
                        + "\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":{\"id\":\"n-hooks\",\"channel\":\"hooks\",\"text\":\"hi\","
                        + "\"format\":\"text\"}}");
    }

    private static String StandardWebhookSigner_sign(byte[] body) {
        byte[] key = io.herald.provider.webhook.StandardWebhookSigner.keys("hooks", WHSEC)
                .getFirst();
        return io.herald.provider.webhook.StandardWebhookSigner.sign(key, "msg_n-hooks", 1767232800, body);
    }

    @Test
    void malformedSecretAtRunTimeIsRefusedPermanentlyNamingTheProperty() {
        clock.record(new ClockSample("sntp:ntp:123", Duration.ZERO, Duration.ofMillis(2), HOST_NOW));
        env.put("HOOK_SECRET", "whsec_%%%");

        RequestSigning.Result result =
                signing(null).sign(notification("hooks", "webhook", Fixtures.text("hi")), 1, List.of());

        assertThat(result.delivery().getRefusal().getPermanent()).isTrue();
        assertThat(result.delivery().getRefusal().getReason())
                .isEqualTo("herald.channels.hooks.credentials.secret: is not Base64 after whsec_");
    }

    @Test
    void signatureCarriesTheTrustedTimeWhoseBoundWasChecked() {
        // a host clock that moves a second every time it is read: the signer must read it once per signature
        MutableClock ticking = MutableClock.tickingOnEveryRead(HOST_NOW, Duration.ofSeconds(1));
        TrustedClock trusted = new TrustedClock(ticking, ClockProperties.defaults());
        trusted.record(new ClockSample("sntp:ntp:123", Duration.ofHours(-2), Duration.ofMillis(2), HOST_NOW));
        RequestSigning signing = Fixtures.requestSigning(catalog, env::get, trusted, sealer, health);

        RequestSigning.Result result =
                signing.sign(notification("hooks", "webhook", Fixtures.text("hi")), 1, List.of());

        Instant signedAt = result.delivery().getSignedAt();
        assertThat(signedAt).isEqualTo(result.clockVerdict().at());
        assertThat(result.delivery().getRequest().getHeaders())
                .containsEntry("webhook-timestamp", Long.toString(signedAt.getEpochSecond()));
        assertThat(result.clockVerdict().reason())
                .isEqualTo("clock error bound 0.007 s is within half of webhook tolerance 300 s");
    }

    @Test
    void clockRefusalIsStampedWithTheTrustedTimeItWasJudgedAt() {
        clock.record(
                new ClockSample("http:https://example.org", Duration.ofHours(-2), Duration.ofSeconds(200), HOST_NOW));

        RequestSigning.Result result = signing(sealer).sign(dnsCall(), 1, List.of());

        assertThat(result.refused()).isTrue();
        assertThat(result.delivery().getRefusal().getReason())
                .isEqualTo("clock error bound 200.005 s exceeds half of tencentcloud tolerance 300 s");
        assertThat(result.delivery().getSignedAt())
                .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"))
                .isEqualTo(result.clockVerdict().at());
        assertThat(result.delivery().getRequest().getUrl()).isEqualTo("https://dnspod.tencentcloudapi.com");
    }

    @Test
    void sealedRequestIsTheSignedOneWithOnlyItsCredentialsMasked() {
        clock.record(new ClockSample("sntp:ntp:123", Duration.ZERO, Duration.ofMillis(2), HOST_NOW));
        RequestSigning signing = signing(sealer);

        RequestSigning.Result hook = signing.sign(notification("hooks", "webhook", Fixtures.text("hi")), 1, List.of());
        RequestSigning.Result dns = signing.sign(dnsCall(), 2, List.of());

        HttpCall signedHook = hook.signed().orElseThrow().call();
        HttpCall sentHook = hook.delivery().getRequest();
        assertThat(sentHook.getMethod()).isEqualTo("POST");
        assertThat(sentHook.getUrl()).isEqualTo("https://example.org/hooks");
        assertThat(sentHook.getHeaders()).containsExactlyEntriesOf(signedHook.getHeaders());
        assertThat(sentHook.getBody()).isEqualTo(signedHook.getBody());
        HttpCall signedDns = dns.signed().orElseThrow().call();
        HttpCall sentDns = dns.delivery().getRequest();
        Map<String, String> masked = new java.util.LinkedHashMap<>(signedDns.getHeaders());
        masked.put("Authorization", "***");
        assertThat(sentDns.getHeaders()).containsExactlyEntriesOf(masked);
        assertThat(sentDns.getBody()).isEqualTo(signedDns.getBody());
        assertThat(sealer.unseal(sentDns.getSealed(), "n-dns:2"))
                .containsExactly(
                        Map.entry(CredentialSealer.URL, "https://dnspod.tencentcloudapi.com"),
                        Map.entry("header:Authorization", signedDns.getHeaders().get("Authorization")));
    }

    @Test
    void fixedTimeSignsEvenWithoutATimeSource() {
        RequestSigning.Result result =
                signing(null).sign(dnsCall(), 1, List.of(), Optional.of(Instant.parse("2019-02-25T00:44:25Z")));

        assertThat(result.refused()).isFalse();
        assertThat(result.delivery().getRequest().getHeaders()).containsEntry("X-TC-Timestamp", "1551055465");
    }
}
