package io.herald.sandbox;

import static io.herald.sandbox.SandboxClient.TEXT_MESSAGE;
import static io.herald.sandbox.SandboxClient.signedUri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Herald channel catalog with every provider on {@code {{sandbox}}}: each channel's correctly signed request is
 * accepted once the catalog is registered, and a request signed with another secret is refused as the provider would.
 * Requests are signed here with the test's own HMAC code, not the sandbox's.
 */
class CatalogRegistrationTest {

    static final String DINGTALK_TOKEN = "catalog-dingtalk-token";
    static final String DINGTALK_SECRET = "SECcatalog-dingtalk-secret";
    static final String FEISHU_TOKEN = "catalog-feishu-hook-token";
    static final String FEISHU_SECRET = "catalog-feishu-secret";
    static final String WECOM_KEY = "catalog-wecom-key";
    static final String SLACK_HOOK = "T0CATALOG/B0CATALOG/catalogslacksecret";
    static final String WHSEC = "whsec_Y2F0YWxvZy13ZWJob29rLXNlY3JldC0wMTIzNDU2Nzg5";
    static final String TC_ID = "AKIDcatalog000000000000000000000000";
    static final String TC_KEY = "catalog-tencent-secret-key";
    static final String DOGE_AK = "catalog-doge-access-key";
    static final String DOGE_SK = "catalog-doge-secret-key";

    static final String CATALOG = """
            herald:
              channels:
                ops-dingtalk:
                  provider: dingtalk
                  endpoint: {{sandbox}}/dingtalk/robot/send
                  credentials:
                    access-token: env:CAT_DINGTALK_TOKEN
                    secret: env:CAT_DINGTALK_SECRET
                ops-feishu:
                  provider: feishu
                  endpoint: {{sandbox}}/feishu/open-apis/bot/v2/hook/%s
                  credentials:
                    secret: env:CAT_FEISHU_SECRET
                ops-wecom:
                  provider: wecom
                  endpoint: {{sandbox}}/wecom/cgi-bin/webhook/send
                  credentials:
                    key: env:CAT_WECOM_KEY
                ops-slack:
                  provider: slack
                  endpoint: {{sandbox}}
                  credentials:
                    webhook-url: env:CAT_SLACK_URL
                partner-hooks:
                  provider: webhook
                  endpoint: {{sandbox}}/webhook/partner
                  credentials:
                    secret: file:%s
                dns-tencent:
                  provider: tencentcloud
                  endpoint: {{sandbox}}/tencentcloud/
                  credentials:
                    secret-id: env:CAT_TC_ID
                    secret-key: env:CAT_TC_KEY
                cdn-doge:
                  provider: dogecloud
                  endpoint: {{sandbox}}/dogecloud
                  credentials:
                    access-key: env:CAT_DOGE_AK
                    secret-key: env:CAT_DOGE_SK
                real-dingtalk:
                  provider: dingtalk
                  endpoint: https://oapi.dingtalk.com/robot/send
                  credentials:
                    access-token: env:NOT_SET_ANYWHERE
                    secret: env:NOT_SET_EITHER
            """;

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
    final SandboxClient client = new SandboxClient();
    final JsonMapper json = JsonMapper.builder().build();
    final Map<String, String> env = new HashMap<>();
    ProviderSandbox sandbox;

    @BeforeEach
    void start() throws Exception {
        sandbox = ProviderSandbox.start(0, clock);
        env.put("CAT_DINGTALK_TOKEN", DINGTALK_TOKEN);
        env.put("CAT_DINGTALK_SECRET", DINGTALK_SECRET);
        env.put("CAT_FEISHU_SECRET", FEISHU_SECRET);
        env.put("CAT_WECOM_KEY", WECOM_KEY);
        env.put("CAT_SLACK_URL", sandbox.baseUri() + "/slack/services/" + SLACK_HOOK);
        env.put("CAT_TC_ID", TC_ID);
        env.put("CAT_TC_KEY", TC_KEY);
        env.put("CAT_DOGE_AK", DOGE_AK);
        env.put("CAT_DOGE_SK", DOGE_SK);
        Files.writeString(dir.resolve("whsec"), WHSEC + "\n");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    String catalog() {
        return CATALOG.formatted(FEISHU_TOKEN, dir.resolve("whsec"));
    }

    CatalogRegistration register(String yaml) {
        return sandbox.registerCatalogContent(yaml, "channels.yml", env::get, sandbox.baseUri());
    }

    @Test
    void everyProviderOfTheCatalogIsServedAndChannelsElsewhereAreSkipped() {
        CatalogRegistration registration = register(catalog());

        assertThat(registration.served())
                .containsExactly(
                        Map.entry("ops-dingtalk", "dingtalk"),
                        Map.entry("ops-feishu", "feishu"),
                        Map.entry("ops-wecom", "wecom"),
                        Map.entry("ops-slack", "slack"),
                        Map.entry("partner-hooks", "webhook"),
                        Map.entry("dns-tencent", "tencentcloud"),
                        Map.entry("cdn-doge", "dogecloud"));
        assertThat(registration.ignored()).containsOnlyKeys("real-dingtalk");
        assertThat(registration.ignored().get("real-dingtalk")).contains("https://oapi.dingtalk.com");
    }

    @Test
    void dingTalkChannelAcceptsItsSignatureAndRefusesAnother() {
        register(catalog());

        HttpResponse<String> ok = client.post(
                signedUri(sandbox.endpoint("dingtalk"), DINGTALK_TOKEN, clock.millis(), DINGTALK_SECRET), TEXT_MESSAGE);
        HttpResponse<String> wrong = client.post(
                signedUri(sandbox.endpoint("dingtalk"), DINGTALK_TOKEN, clock.millis(), "SECother"), TEXT_MESSAGE);

        assertThat(ok.body()).isEqualTo("{\"errcode\":0,\"errmsg\":\"ok\"}");
        assertThat(json.readTree(wrong.body()).get("errcode").asInt()).isEqualTo(310000);
    }

    @Test
    void feishuChannelAcceptsItsSignatureAndRefusesAnother() {
        register(catalog());

        HttpResponse<String> ok = client.post(sandbox.endpoint("feishu", FEISHU_TOKEN), feishu(FEISHU_SECRET));
        HttpResponse<String> wrong = client.post(sandbox.endpoint("feishu", FEISHU_TOKEN), feishu("other-secret"));

        assertThat(json.readTree(ok.body()).get("code").asInt()).isZero();
        assertThat(json.readTree(wrong.body()).get("code").asInt()).isEqualTo(19021);
    }

    @Test
    void weComChannelAcceptsItsKeyAndRefusesAnother() {
        register(catalog());
        String message = "{\"msgtype\":\"text\",\"text\":{\"content\":\"disk full\"}}";

        HttpResponse<String> ok = client.post(URI.create(sandbox.endpoint("wecom") + "?key=" + WECOM_KEY), message);
        HttpResponse<String> wrong = client.post(URI.create(sandbox.endpoint("wecom") + "?key=other-key"), message);

        assertThat(ok.body()).isEqualTo("{\"errcode\":0,\"errmsg\":\"ok\"}");
        assertThat(json.readTree(wrong.body()).get("errcode").asInt()).isEqualTo(93000);
    }

    @Test
    void slackChannelAcceptsItsWebhookUrlAndRefusesAnotherSecret() {
        register(catalog());

        HttpResponse<String> ok = client.post(URI.create(env.get("CAT_SLACK_URL")), "{\"text\":\"disk full\"}");
        HttpResponse<String> wrong =
                client.post(sandbox.endpoint("slack", "T0CATALOG/B0CATALOG/othersecret"), "{\"text\":\"disk full\"}");

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("ok");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).isEqualTo("invalid_token");
    }

    @Test
    void standardWebhookChannelAcceptsItsSignatureFromTheSecretFileAndRefusesAnother() {
        register(catalog());

        HttpResponse<String> ok = webhook(WHSEC);
        HttpResponse<String> wrong = webhook("whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldA==");

        assertThat(ok.statusCode()).isEqualTo(204);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo("No matching signature found");
    }

    @Test
    void tencentCloudChannelAcceptsItsSignatureAndRefusesAnother() {
        register(catalog());

        JsonNode ok = json.readTree(tencent(TC_KEY).body()).get("Response");
        JsonNode wrong = json.readTree(tencent("other-key").body()).get("Response");

        assertThat(ok.has("Error")).as(ok.toString()).isFalse();
        assertThat(ok.get("RecordId").asLong()).isPositive();
        assertThat(wrong.get("Error").get("Code").asString()).isEqualTo("AuthFailure.SignatureFailure");
    }

    @Test
    void dogeCloudChannelAcceptsItsSignatureAndRefusesAnother() {
        register(catalog());

        HttpResponse<String> ok = doge(DOGE_SK);
        HttpResponse<String> wrong = doge("other-secret-key");

        assertThat(json.readTree(ok.body()).get("code").asInt()).isEqualTo(200);
        assertThat(wrong.body()).isEqualTo("{\"code\":403,\"msg\":\"AccessToken Error\"}");
    }

    @Test
    void aCatalogWithTheSandboxUrlAlreadyFilledInIsServedToo() {
        String resolved = catalog().replace("{{sandbox}}", "http://localhost:" + sandbox.port());

        CatalogRegistration registration = register(resolved);

        assertThat(registration.served()).hasSize(7);
    }

    @Test
    void problemsNameTheChannelAndPropertyAndNothingIsRegistered() {
        env.remove("CAT_TC_KEY");
        env.put("CAT_DOGE_SK", "   ");
        String yaml = catalog()
                        .replace("    secret: env:CAT_FEISHU_SECRET\n", "    secret: " + FEISHU_SECRET + "\n")
                        .replace("    key: env:CAT_WECOM_KEY\n", "    other: env:CAT_WECOM_KEY\n")
                + """
                    ops-pager:
                      provider: pagerduty
                      endpoint: {{sandbox}}/pagerduty
                    misplaced:
                      provider: dingtalk
                      endpoint: {{sandbox}}/robot/send
                      credentials:
                        access-token: env:CAT_DINGTALK_TOKEN
                        secret: env:CAT_DINGTALK_SECRET
                """;

        assertThatThrownBy(() -> register(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid channel catalog channels.yml for the sandbox: ")
                .hasMessageContaining(
                        "herald.channels.ops-feishu.credentials.secret: must be a reference, env:VARIABLE or file:/path")
                .hasMessageContaining(
                        "herald.channels.ops-wecom.credentials.key: not configured (give env:VARIABLE or file:/path)")
                .hasMessageContaining(
                        "herald.channels.dns-tencent.credentials.secret-key: environment variable CAT_TC_KEY is not set")
                .hasMessageContaining(
                        "herald.channels.cdn-doge.credentials.secret-key: environment variable CAT_DOGE_SK is empty")
                .hasMessageContaining(
                        "herald.channels.ops-pager.provider: 'pagerduty' is not one of dingtalk, feishu, wecom, slack, webhook, tencentcloud, dogecloud")
                .hasMessageContaining(
                        "herald.channels.misplaced.endpoint: the sandbox serves dingtalk at {{sandbox}}/dingtalk/robot/send")
                .hasMessageNotContaining(FEISHU_SECRET)
                .hasMessageNotContaining(DOGE_SK);
        // the valid DingTalk channel was not registered either: the catalog is taken whole or not at all
        HttpResponse<String> dingTalk = client.post(
                signedUri(sandbox.endpoint("dingtalk"), DINGTALK_TOKEN, clock.millis(), DINGTALK_SECRET), TEXT_MESSAGE);
        assertThat(json.readTree(dingTalk.body()).get("errcode").asInt()).isEqualTo(300001);
    }

    @Test
    void credentialsThatCannotWorkAreRefusedWithoutEchoingThem() throws Exception {
        Files.writeString(dir.resolve("whsec"), "whsec_not*base64," + WHSEC);
        env.put("CAT_SLACK_URL", "https://hooks.slack.com/services/" + SLACK_HOOK);

        assertThatThrownBy(() -> register(catalog()))
                .hasMessageContaining(
                        "herald.channels.partner-hooks.credentials.secret (secret 1 of 2): is not Base64 after whsec_")
                .hasMessageContaining("herald.channels.ops-slack.credentials.webhook-url: must be a URL "
                        + sandbox.baseUri() + "/slack/services/T…/B…/X… (on the sandbox)")
                .hasMessageNotContaining("catalogslacksecret")
                .hasMessageNotContaining(WHSEC);
    }

    @Test
    void aMissingSecretFileIsNamed() {
        Path missing = dir.resolve("absent");
        String yaml = CATALOG.formatted(FEISHU_TOKEN, missing);

        assertThatThrownBy(() -> register(yaml))
                .hasMessageContaining(
                        "herald.channels.partner-hooks.credentials.secret: file " + missing + " does not exist");
    }

    @Test
    void invalidYamlIsReportedWithItsPositionOnly() {
        String yaml = "herald:\n  channels:\n    a: [unclosed, SECsecret\n";

        assertThatThrownBy(() -> register(yaml))
                .hasMessageStartingWith("channel catalog channels.yml is not valid YAML (line")
                .hasMessageNotContaining("SECsecret");
        assertThatThrownBy(() -> register("herald:\n  channels: {}\nherald: {}\n"))
                .hasMessageContaining("duplicate key");
    }

    @Test
    void anEmptyCatalogServesNothing() {
        assertThat(register("").served()).isEmpty();
        assertThat(register("herald:\n  channels: {}\n").served()).isEmpty();
    }

    @Test
    void aCatalogFileIsReadFromDisk() throws Exception {
        Path file = dir.resolve("channels.yml");
        Files.writeString(file, catalog());

        CatalogRegistration registration = sandbox.registerCatalog(file, env::get);

        assertThat(registration.served()).hasSize(7);
        assertThatThrownBy(() -> sandbox.registerCatalog(dir.resolve("nope.yml"), env::get))
                .hasMessage("cannot read the channel catalog " + dir.resolve("nope.yml") + " (NoSuchFileException)");
    }

    // ---- requests as each provider's client builds them, signed with the test's own code ----

    String feishu(String secret) {
        long timestamp = clock.instant().getEpochSecond();
        String sign = Base64.getEncoder()
                .encodeToString(
                        hmac("HmacSHA256", (timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8), new byte[0]));
        return "{\"timestamp\":\"" + timestamp + "\",\"sign\":\"" + sign
                + "\",\"msg_type\":\"text\",\"content\":{\"text\":\"disk full\"}}";
    }

    HttpResponse<String> webhook(String whsec) {
        String id = "msg_catalog_1";
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        String body = "{\"type\":\"disk.full\"}";
        byte[] key = Base64.getDecoder().decode(whsec.substring("whsec_".length()));
        String signature = Base64.getEncoder()
                .encodeToString(
                        hmac("HmacSHA256", key, (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        return client.send(HttpRequest.newBuilder(sandbox.endpoint("webhook", "partner"))
                .header("webhook-id", id)
                .header("webhook-timestamp", timestamp)
                .header("webhook-signature", "v1," + signature)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    HttpResponse<String> tencent(String secretKey) {
        long timestamp = clock.instant().getEpochSecond();
        String host = "127.0.0.1:" + sandbox.port();
        String contentType = "application/json; charset=utf-8";
        String payload =
                "{\"Domain\":\"example.com\",\"RecordType\":\"A\",\"RecordLine\":\"默认\",\"Value\":\"192.0.2.1\"}";
        String date = DateTimeFormatter.ofPattern("yyyy-MM-dd")
                .withZone(ZoneOffset.UTC)
                .format(clock.instant());
        String canonical = "POST\n/\n\ncontent-type:" + contentType + "\nhost:" + host + "\n\ncontent-type;host\n"
                + sha256(payload);
        String toSign =
                "TC3-HMAC-SHA256\n" + timestamp + "\n" + date + "/tencentcloud/tc3_request\n" + sha256(canonical);
        byte[] k = hmac(
                "HmacSHA256",
                ("TC3" + secretKey).getBytes(StandardCharsets.UTF_8),
                date.getBytes(StandardCharsets.UTF_8));
        k = hmac("HmacSHA256", k, "tencentcloud".getBytes(StandardCharsets.UTF_8));
        k = hmac("HmacSHA256", k, "tc3_request".getBytes(StandardCharsets.UTF_8));
        String signature = HexFormat.of().formatHex(hmac("HmacSHA256", k, toSign.getBytes(StandardCharsets.UTF_8)));
        return client.send(HttpRequest.newBuilder(sandbox.endpoint("tencentcloud"))
                .header(
                        "Authorization",
                        "TC3-HMAC-SHA256 Credential=" + TC_ID + "/" + date
                                + "/tencentcloud/tc3_request, SignedHeaders=content-type;host, Signature=" + signature)
                .header("Content-Type", contentType)
                .header("X-TC-Action", "CreateRecord")
                .header("X-TC-Timestamp", Long.toString(timestamp))
                .header("X-TC-Version", "2021-03-23")
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build());
    }

    HttpResponse<String> doge(String secretKey) {
        String path = "/cdn/refresh/add.json";
        String body = "{\"rtype\":\"path\",\"urls\":[\"https://example.com/\"]}";
        String sign = HexFormat.of()
                .formatHex(hmac(
                        "HmacSHA1",
                        secretKey.getBytes(StandardCharsets.UTF_8),
                        (path + "\n" + body).getBytes(StandardCharsets.UTF_8)));
        return client.send(HttpRequest.newBuilder(URI.create(sandbox.endpoint("dogecloud") + path))
                .header("Authorization", "TOKEN " + DOGE_AK + ":" + sign)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    static byte[] hmac(String algorithm, byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
