package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.provider.dogecloud.sandbox.DogeCloudVerifier;
import io.herald.provider.feishu.sandbox.FeishuBotVerifier;
import io.herald.provider.slack.sandbox.SlackWebhookVerifier;
import io.herald.provider.tencentcloud.sandbox.TencentCloudVerifier;
import io.herald.provider.webhook.sandbox.StandardWebhookVerifier;
import io.herald.provider.wecom.sandbox.WeComRobotVerifier;
import io.herald.sandbox.ReceivedRequest;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every provider besides DingTalk (which {@code PipelineIT} covers) round-trips through the pipeline to its sandbox,
 * which verifies signatures, time windows and credentials as the provider documents: Feishu, WeCom, Slack, Standard
 * Webhooks (with two secrets, as during a key rotation), Tencent Cloud API 3.0 and DogeCloud. Also checks the signer's
 * preview endpoint masks credentials.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvidersIT {

    private static final String FEISHU_TOKEN = "providers-it-feishu-token";
    private static final String FEISHU_SECRET = "providers-it-feishu-secret";
    private static final String WECOM_KEY = "providers-it-wecom-key";
    private static final String SLACK_PATH = "T0PROVIDERS/B0PROVIDERS/providersitslacktoken";
    private static final String WHSEC_OLD = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String WHSEC_NEW = "whsec_cHJvdmlkZXJzLWl0LW5ldy1zZWNyZXQtMDEyMzQ1Njc=";
    private static final String TC_ID = "AKIDprovidersit0000000000000000000";
    private static final String TC_KEY = "providersitsecretkey000000000000";
    private static final String DOGE_AK = "providers-it-doge-ak";
    private static final String DOGE_SK = "providers-it-doge-sk";
    private static final String ALI_ID = "LTAIprovidersit00000000";
    private static final String ALI_SECRET = "providersitalibabasecret000000";
    private static final String CATALOG = """
            herald:
              channels:
                it-feishu:
                  provider: feishu
                  endpoint: {{sandbox}}/feishu/open-apis/bot/v2/hook/%s
                  credentials:
                    secret: env:PIT_FEISHU_SECRET
                it-wecom:
                  provider: wecom
                  endpoint: {{sandbox}}/wecom/cgi-bin/webhook/send
                  credentials:
                    key: env:PIT_WECOM_KEY
                it-slack:
                  provider: slack
                  endpoint: {{sandbox}}
                  credentials:
                    webhook-url: env:PIT_SLACK_URL
                it-webhook:
                  provider: webhook
                  endpoint: {{sandbox}}/webhook/providers-it
                  credentials:
                    secret: env:PIT_WHSEC
                it-tencent:
                  provider: tencentcloud
                  endpoint: {{sandbox}}/tencentcloud/
                  credentials:
                    secret-id: env:PIT_TC_ID
                    secret-key: env:PIT_TC_KEY
                it-doge:
                  provider: dogecloud
                  endpoint: {{sandbox}}/dogecloud
                  credentials:
                    access-key: env:PIT_DOGE_AK
                    secret-key: env:PIT_DOGE_SK
                it-alidns:
                  provider: alibabacloud
                  endpoint: {{sandbox}}/alibabacloud/
                  credentials:
                    access-key-id: env:PIT_ALI_ID
                    access-key-secret: env:PIT_ALI_SECRET
            """.formatted(FEISHU_TOKEN);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LocalStack stack;
    private PipelineClient client;

    @BeforeAll
    void startThePipeline() throws Exception {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
        // the Slack credential is a whole URL on the sandbox, so the sandbox port is chosen here
        int sandboxPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            sandboxPort = socket.getLocalPort();
        }
        var home = LocalStack.heraldHome();
        stack = LocalStack.builder()
                .home(home)
                .workDir(home.resolve("infra/local-stack/target/providers-it"))
                .freePorts()
                .sandboxPort(sandboxPort)
                .channelCatalogContent(CATALOG)
                .env("PIT_FEISHU_SECRET", FEISHU_SECRET)
                .env("PIT_WECOM_KEY", WECOM_KEY)
                .env("PIT_SLACK_URL", "http://127.0.0.1:" + sandboxPort + "/slack/services/" + SLACK_PATH)
                .env("PIT_WHSEC", WHSEC_OLD + "," + WHSEC_NEW)
                .env("PIT_TC_ID", TC_ID)
                .env("PIT_TC_KEY", TC_KEY)
                .env("PIT_DOGE_AK", DOGE_AK)
                .env("PIT_DOGE_SK", DOGE_SK)
                .env("PIT_ALI_ID", ALI_ID)
                .env("PIT_ALI_SECRET", ALI_SECRET)
                .serviceArgs(
                        HeraldService.DISPATCHER,
                        "--herald.dispatcher.providers=feishu,wecom,slack,webhook,tencentcloud,dogecloud,alibabacloud")
                .listener(StackListener.printingTo(System.out))
                .build()
                .start();
        client = new PipelineClient(stack);
        var sandbox = stack.sandbox();
        sandbox.verifier(FeishuBotVerifier.class).addBot(FEISHU_TOKEN, FEISHU_SECRET);
        sandbox.verifier(WeComRobotVerifier.class).addRobot(WECOM_KEY);
        sandbox.verifier(SlackWebhookVerifier.class).addWebhook(SLACK_PATH);
        // the receiver knows only the new secret: one of the two signatures must match
        sandbox.verifier(StandardWebhookVerifier.class).addEndpoint("providers-it", List.of(WHSEC_NEW));
        sandbox.verifier(TencentCloudVerifier.class).addKey(TC_ID, TC_KEY);
        sandbox.verifier(DogeCloudVerifier.class).addKey(DOGE_AK, DOGE_SK);
        // the eighth provider, added through the plug-in SPI alone: its channel is served from the catalog
    }

    @AfterAll
    void stopThePipeline() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void feishuBotGetsASignedMessage() throws Exception {
        assertDelivered(client.post("""
                {"channel":"it-feishu","message":{"text":"feishu round trip"}}"""), "feishu round trip");
    }

    @Test
    void weComRobotGetsAMarkdownMessage() throws Exception {
        assertDelivered(client.post("""
                {"channel":"it-wecom","message":{"format":"markdown","title":"t","text":"**wecom round trip**"}}"""), "wecom round trip");
    }

    @Test
    void slackWebhookGetsAMessage() throws Exception {
        assertDelivered(client.post("""
                {"channel":"it-slack","message":{"text":"slack round trip"}}"""), "slack round trip");
    }

    @Test
    void standardWebhookReceiverAcceptsTheSignatureOfTheRotatedSecret() throws Exception {
        ReceivedRequest received = assertDelivered(client.post("""
                {"channel":"it-webhook","message":{"text":"webhook round trip"}}"""), "webhook round trip");
        assertThat(received.body()).contains("\"type\":\"herald.notification\"");
    }

    @Test
    void tencentCloudDnspodCallIsSignedWithTc3() throws Exception {
        assertDelivered(client.post("""
                {"channel":"it-tencent","apiCall":{"action":"CreateRecord","version":"2021-03-23","region":"ap-guangzhou",
                 "body":{"Domain":"providers-it.example","SubDomain":"_tc3","RecordType":"TXT","RecordLine":"默认","Value":"tc3 round trip"}}}"""), "tc3 round trip");
    }

    @Test
    void dogeCloudCallIsSignedOverTheExactPathAndBody() throws Exception {
        assertDelivered(client.post("""
                {"channel":"it-doge","apiCall":{"method":"POST","path":"/cdn/refresh/add.json?source=herald",
                 "body":{"rtype":"path","urls":["https://doge round trip/"]}}}"""), "doge round trip");
    }

    @Test
    void alibabaCloudAlidnsRecordIsAddedWithAnAcs3Signature() throws Exception {
        String id = client.post("""
                {"channel":"it-alidns","apiCall":{"action":"AddDomainRecord","version":"2015-01-09",
                 "body":{"DomainName":"providers-it.example","RR":"_acs3","Type":"TXT","Value":"acs3-round-trip"}}}""");

        JsonNode audited = await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> client.notification(id),
                        n -> n != null && n.path("status").asString().equals("DELIVERED"));
        ReceivedRequest received = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> stack.sandbox().received().stream()
                                .filter(r -> r.provider().equals("alibabacloud")
                                        && r.maskedQuery().contains("acs3-round-trip"))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
        assertThat(received.verdict()).isEqualTo("record added");
        assertThat(received.responseBody()).contains("\"RecordId\"");
        assertThat(received.headers().keySet().stream().map(name -> name.toLowerCase(java.util.Locale.ROOT)))
                .contains("x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256");
        assertThat(audited.toString()).doesNotContain(ALI_SECRET);
    }

    @Test
    void previewShowsTheSignatureWithCredentialsMasked() throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.httpUrl(HeraldService.SIGNER) + "/v1/signatures/preview"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + stack.operatorToken())
                        .POST(HttpRequest.BodyPublishers.ofString("""
                        {"channel":"it-tencent","timestamp":"2026-01-01T00:00:00Z",
                         "apiCall":{"action":"DescribeRecordList","version":"2021-03-23","body":"{\\"Domain\\":\\"x\\"}"}}"""))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode preview = JSON.readTree(answer.body());
        assertThat(preview.path("provider").asString()).isEqualTo("tencentcloud");
        assertThat(preview.path("signature").asString()).hasSize(64);
        assertThat(preview.path("request").path("headers").path("Authorization").asString())
                .isEqualTo("TC3-HMAC-SHA256 ***");
        assertThat(answer.body())
                .doesNotContain(TC_KEY)
                .doesNotContain(TC_ID)
                .doesNotContain(stack.tokens().values());
    }

    private ReceivedRequest assertDelivered(String id, String text) {
        JsonNode audited = await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> client.notification(id),
                        n -> n != null && n.path("status").asString().equals("DELIVERED"));
        ReceivedRequest received = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> stack.sandbox().received().stream()
                                .filter(r -> r.body().contains(text))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
        assertThat(received.verdict()).isEqualTo("ok");
        assertThat(audited.toString()).doesNotContain(FEISHU_SECRET, WECOM_KEY, SLACK_PATH, TC_KEY, DOGE_SK);
        return received;
    }
}
