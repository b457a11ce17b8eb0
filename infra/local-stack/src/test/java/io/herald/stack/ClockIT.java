package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.provider.dingtalk.sandbox.DingTalkRobotVerifier;
import io.herald.provider.tencentcloud.sandbox.TencentCloudVerifier;
import io.herald.provider.wecom.sandbox.WeComRobotVerifier;
import io.herald.sandbox.ReceivedRequest;
import io.herald.sandbox.time.SntpResponder;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The signer's trusted clock end to end. The signer's host clock is 2 hours ahead
 * ({@code herald.signer.clock.simulated-host-skew=2h}, a testing knob: the real clock is never changed); its only
 * time source is a local SNTP responder giving true time, and it does not probe channel origins. The sandbox checks
 * timestamps with true time, as DingTalk (1 h) and Tencent Cloud (5 min) do.
 *
 * <p>First, DingTalk and Tencent Cloud requests are signed with corrected time and accepted. Then the responder goes
 * down and its samples expire ({@code max-sample-age=5s}): with no time source the signer refuses to sign, the
 * dispatcher parks the work on the retry path and the signer's health says why; when the responder comes back the
 * parked work is delivered. (The stack starts with the responder up: the launcher waits for every service's health to
 * be UP, and the signer's is DOWN while it cannot sign for a configured provider.)
 *
 * <p>Last, a webhook notification that no dispatcher of this stack serves: the signer's health and gauges, and the
 * audit timeline (a WAITING entry), say so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClockIT {

    private static final String ROBOT_TOKEN = "clock-it-robot-token";
    private static final String ROBOT_SECRET = "SECclock-it-robot-secret-0123456789";
    private static final String TC_ID = "AKIDclockit000000000000000000000000";
    private static final String TC_KEY = "clockitsecretkey0000000000000000";
    private static final String CATALOG = """
            herald:
              channels:
                clock-robot:
                  provider: dingtalk
                  endpoint: {{sandbox}}/dingtalk/robot/send
                  credentials:
                    access-token: env:CLOCK_IT_TOKEN
                    secret: env:CLOCK_IT_SECRET
                clock-dns:
                  provider: tencentcloud
                  endpoint: {{sandbox}}/tencentcloud/
                  credentials:
                    secret-id: env:CLOCK_IT_TC_ID
                    secret-key: env:CLOCK_IT_TC_KEY
                # no dispatcher of this stack serves webhook: its notifications must be seen waiting
                clock-unserved-hooks:
                  provider: webhook
                  endpoint: {{sandbox}}/webhook/clock-unserved
                  credentials:
                    secret: env:CLOCK_IT_WHSEC
                # WeCom robots stamp no time into their requests: operators can be told while the clock is not trusted
                herald-operators:
                  provider: wecom
                  endpoint: {{sandbox}}/wecom/cgi-bin/webhook/send
                  credentials:
                    key: env:CLOCK_IT_OPS_KEY
            """;
    private static final String OPS_KEY = "clock-it-operators-key";
    private static final String RETRY_TIERS = "--herald.kafka.retry-tiers=1s,2s";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int sntpPort = freeUdpPort();
    private LocalStack stack;
    private PipelineClient client;
    private SntpResponder timeSource;

    @BeforeAll
    void startTheStackWithAWrongSignerClock() {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
        startTimeSource();
        var home = LocalStack.heraldHome();
        stack = LocalStack.builder()
                .home(home)
                .workDir(home.resolve("infra/local-stack/target/clock-it"))
                .freePorts()
                .channelCatalogContent(CATALOG)
                .sandboxSetup(s -> {
                    s.verifier(DingTalkRobotVerifier.class).addRobot(ROBOT_TOKEN, ROBOT_SECRET);
                    s.verifier(WeComRobotVerifier.class).addRobot(OPS_KEY);
                })
                .env("CLOCK_IT_OPS_KEY", OPS_KEY)
                .env("CLOCK_IT_TOKEN", ROBOT_TOKEN)
                .env("CLOCK_IT_SECRET", ROBOT_SECRET)
                .env("CLOCK_IT_TC_ID", TC_ID)
                .env("CLOCK_IT_TC_KEY", TC_KEY)
                .env("CLOCK_IT_WHSEC", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .everyServiceArgs(RETRY_TIERS)
                .serviceArgs(
                        HeraldService.SIGNER,
                        "--herald.signer.clock.simulated-host-skew=2h",
                        "--herald.signer.clock.sntp-servers=127.0.0.1:" + sntpPort,
                        "--herald.signer.clock.sntp-interval=1s",
                        "--herald.signer.clock.sntp-timeout=1s",
                        "--herald.signer.clock.max-sample-age=5s",
                        "--herald.signer.clock.probe-channels=false",
                        "--herald.signer.dispatchers.check-interval=1s")
                .serviceArgs(HeraldService.DISPATCHER, "--herald.dispatcher.providers=dingtalk,tencentcloud,wecom")
                .serviceArgs(HeraldService.AUDIT, "--herald.audit.dispatchers.check-interval=1s")
                .listener(StackListener.printingTo(System.out))
                .build()
                .start();
        client = new PipelineClient(stack);
        stack.sandbox().verifier(TencentCloudVerifier.class).addKey(TC_ID, TC_KEY);
    }

    @AfterAll
    void stopEverything() {
        if (timeSource != null) {
            timeSource.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(2)
    void withoutATimeSourceTheSignerRefusesParksTheWorkAndSaysWhyThenDeliversItWhenASourceReturns() throws Exception {
        stopTimeSource();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> signerHealth()
                        .path("components")
                        .path("clock")
                        .path("status")
                        .asString()
                        .equals("DOWN"));

        String id = client.post("""
                {"channel":"clock-robot","message":{"text":"parked until the clock is trusted"}}""");

        // the dispatcher parks the refused try on the retry path, with the signer's reason
        JsonNode parked = await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> client.notification(id),
                        n -> n != null && n.toString().contains("clock error bound unknown"));
        assertThat(parked.path("status").asString()).isNotEqualTo("DELIVERED").isNotEqualTo("DEAD_LETTERED");
        assertThat(parked.toString()).contains("RESIGN");
        JsonNode clock = signerHealth().path("components").path("clock");
        assertThat(clock.path("status").asString()).isEqualTo("DOWN");
        assertThat(clock.path("details")
                        .path("providers")
                        .path("dingtalk")
                        .path("reason")
                        .asString())
                .isEqualTo(
                        "clock error bound unknown (no time source reachable) exceeds dingtalk " + "tolerance 3600 s");
        assertThat(stack.sandbox().received()).noneMatch(r -> r.body().contains("parked until the clock is trusted"));
        // operators are told on their WeCom robot while the clock is still not trusted
        ReceivedRequest notice = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> stack.sandbox().received().stream()
                                .filter(r ->
                                        r.provider().equals("wecom") && r.body().contains("does not trust its clock"))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
        assertThat(notice.verdict()).isEqualTo("ok");
        assertThat(notice.body())
                .contains("Herald: the signer does not trust its clock for dingtalk")
                .contains("clock error bound unknown")
                .contains("#provider=dingtalk&class=RESIGN&from=");
        assertThat(signerHealth()
                        .path("components")
                        .path("clock")
                        .path("status")
                        .asString())
                .isEqualTo("DOWN");

        startTimeSource();

        client.awaitStatus(id, "DELIVERED");
        assertThat(received("parked until the clock is trusted").verdict()).isEqualTo("ok");
        JsonNode healed = signerHealth().path("components").path("clock");
        assertThat(healed.path("status").asString()).isEqualTo("UP");
        assertThat(healed.path("details").path("offsetSeconds").asDouble()).isBetween(-7205.0, -7195.0);
        assertThat(healed.path("details").path("host").asString())
                .matches("host clock is 7\\d{3} s ahead of true time");
    }

    @Test
    @Order(1)
    void hostClockTwoHoursAheadIsCorrectedAndDingTalkAndTencentCloudAcceptTheSignatures() throws Exception {
        startTimeSource();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> signerHealth()
                        .path("components")
                        .path("clock")
                        .path("status")
                        .asString()
                        .equals("UP"));

        String robot = client.post("""
                {"channel":"clock-robot","message":{"text":"signed with corrected time"}}""");
        String dns = client.post("""
                {"channel":"clock-dns","apiCall":{"action":"CreateRecord","version":"2021-03-23","region":"ap-guangzhou",
                 "body":{"Domain":"clock-it.example","SubDomain":"_herald","RecordType":"TXT","RecordLine":"默认","Value":"corrected"}}}""");

        client.awaitStatus(robot, "DELIVERED");
        client.awaitStatus(dns, "DELIVERED");
        ReceivedRequest dingTalk = received("signed with corrected time");
        assertThat(dingTalk.verdict()).isEqualTo("ok");
        ReceivedRequest tencent = received("clock-it.example");
        assertThat(tencent.verdict()).isEqualTo("ok");
        long stamped = Long.parseLong(PipelineClient.header(tencent, "X-TC-Timestamp"));
        assertThat(Math.abs(stamped - tencent.receivedAt().getEpochSecond())).isLessThan(30);
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private synchronized void stopTimeSource() {
        if (timeSource != null) {
            timeSource.close();
            timeSource = null;
        }
    }

    private synchronized void startTimeSource() {
        if (timeSource == null) {
            timeSource = SntpResponder.start("127.0.0.1", sntpPort, Clock.systemUTC());
        }
    }

    @Test
    @Order(3)
    void aProviderNoDispatcherServesIsShownWaitingInTheSignersHealthAndMetrics() throws Exception {
        String id = client.post("""
                {"channel":"clock-unserved-hooks","message":{"text":"nobody delivers webhooks here"}}""");

        JsonNode dispatchers = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> signerHealth().path("components").path("dispatchers"),
                        d -> d.path("details")
                                        .path("providers")
                                        .path("webhook")
                                        .path("waiting")
                                        .asLong()
                                >= 1);
        assertThat(dispatchers.path("status").asString()).isEqualTo("UNSERVED");
        JsonNode webhook = dispatchers.path("details").path("providers").path("webhook");
        assertThat(webhook.path("consumers").asInt()).isZero();
        assertThat(webhook.path("problem").asString()).startsWith("no dispatcher serves webhook");
        assertThat(dispatchers
                        .path("details")
                        .path("providers")
                        .path("dingtalk")
                        .path("consumers")
                        .asInt())
                .isPositive();
        assertThat(signerHealth().path("status").asString()).isIn("UP", "DOWN"); // its own state, not the dispatchers'
        assertThat(Http.get(
                                stack.managementUrl(HeraldService.SIGNER)
                                        + "/actuator/metrics/herald.signer.provider.unserved?tag=provider:webhook",
                                stack.operatorToken())
                        .body())
                .contains("\"value\":1.0");
        assertThat(client.status(id)).isEqualTo("ACCEPTED");

        // the audit timeline says why it does not move
        JsonNode waiting = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> client.notification(id),
                        n -> n != null && !PipelineClient.entries(n, "WAITING").isEmpty());
        assertThat(waiting.path("status").asString()).isEqualTo("ACCEPTED");
        JsonNode last = waiting.path("timeline").get(waiting.path("timeline").size() - 1);
        assertThat(last.path("type").asString()).isEqualTo("WAITING");
        assertThat(last.path("provider").asString()).isEqualTo("webhook");
        assertThat(last.path("consumerGroup").asString()).isEqualTo("herald-dispatcher-webhook");
        assertThat(last.path("reason").asString())
                .isEqualTo("no running dispatcher serves provider webhook: consumer "
                        + "group herald-dispatcher-webhook has no members");
        assertThat(waiting.path("waiting")).isEqualTo(last);
        // a provider whose dispatcher runs is not waiting, nor is a delivered notification
        String served = client.post("""
                {"channel":"clock-robot","message":{"text":"served while webhook waits"}}""");
        JsonNode delivered = client.awaitStatus(served, "DELIVERED");
        assertThat(delivered.path("waiting").isNull()).isTrue();
        assertThat(PipelineClient.entries(delivered, "WAITING")).isEmpty();
    }

    /** The signer's health with its components' details, as an operator sees it. */
    private JsonNode signerHealth() throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.managementUrl(HeraldService.SIGNER) + "/actuator/health"))
                        .header("Authorization", "Bearer " + stack.operatorToken())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body());
    }

    private ReceivedRequest received(String text) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> stack.sandbox().received().stream()
                                .filter(r -> r.body().contains(text) && "ok".equals(r.verdict()))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    private static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
