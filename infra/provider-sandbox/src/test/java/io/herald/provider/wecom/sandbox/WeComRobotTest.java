package io.herald.provider.wecom.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.sandbox.MutableClock;
import io.herald.sandbox.ProviderSandbox;
import io.herald.sandbox.SandboxClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox's WeCom group-robot endpoint, called as a client calls qyapi.weixin.qq.com. */
class WeComRobotTest {

    static final String KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
    static final String TEXT = "{\"msgtype\":\"text\",\"text\":{\"content\":\"disk full on db-1\"}}";
    static final String HINT =
            "hint: \\[\\d{25}\\], from ip: 127\\.0\\.0\\.1, more info at https://open\\.work\\.weixin\\.qq\\.com/devtool/query\\?e=";

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T03:00:00Z"));
    final SandboxClient client = new SandboxClient();
    ProviderSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = ProviderSandbox.start(0, clock);
        sandbox.verifier(WeComRobotVerifier.class).addRobot(KEY);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    URI uri(String key) {
        return URI.create(sandbox.endpoint("wecom") + "?key=" + key);
    }

    @Test
    void textMessageIsAccepted() {
        HttpResponse<String> response = client.post(uri(KEY), TEXT);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"errcode\":0,\"errmsg\":\"ok\"}");
        assertThat(response.headers().firstValue("Date")).isPresent();
        assertThat(sandbox.endpoint("wecom")).isEqualTo(URI.create(sandbox.baseUri() + "/wecom/cgi-bin/webhook/send"));
    }

    @Test
    void markdownMessageIsAccepted() {
        assertThat(client.post(uri(KEY), "{\"msgtype\":\"markdown\",\"markdown\":{\"content\":\"**disk**\"}}")
                        .body())
                .isEqualTo("{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    @Test
    void unknownKeyIsInvalidWebhookUrl() {
        assertThat(client.post(uri("wrong"), TEXT).body())
                .matches("\\{\"errcode\":93000,\"errmsg\":\"invalid webhook url, " + HINT + "93000\"}");
        assertThat(client.post(sandbox.endpoint("wecom"), TEXT).body()).contains("\"errcode\":93000");
    }

    @Test
    void unknownMessageTypeIsInvalidMessageType() {
        assertThat(client.post(uri(KEY), "{\"msgtype\":\"sms\",\"sms\":{}}").body())
                .matches("\\{\"errcode\":40008,\"errmsg\":\"invalid message type, " + HINT + "40008\"}");
        assertThat(client.post(uri(KEY), "not json").body()).contains("\"errcode\":40008");
    }

    @Test
    void missingContentIsEmptyContent() {
        assertThat(client.post(uri(KEY), "{\"msgtype\":\"text\",\"text\":{}}").body())
                .matches("\\{\"errcode\":44004,\"errmsg\":\"empty content, " + HINT + "44004\"}");
    }

    @Test
    void twentyFirstMessageInAMinuteIsRateLimited() {
        for (int i = 0; i < 20; i++) {
            assertThat(client.post(uri(KEY), TEXT).body()).as("message %d", i).contains("\"errcode\":0");
        }

        assertThat(client.post(uri(KEY), TEXT).body())
                .matches("\\{\"errcode\":45009,\"errmsg\":\"api freq out of limit, " + HINT + "45009\"}");
        clock.advance(Duration.ofMinutes(1));
        assertThat(client.post(uri(KEY), TEXT).body()).contains("\"errcode\":0");
    }

    @Test
    void recordsMaskTheKey() {
        client.post(uri(KEY), TEXT);

        assertThat(sandbox.received().getLast().maskedQuery()).isEqualTo("key=69…aa");
        assertThat(sandbox.received().getLast().provider()).isEqualTo("wecom");
    }

    @Test
    void faultsCanBeInjectedForWeCom() {
        sandbox.injectFaults("/wecom/", 1, 502, "bad gateway");

        assertThat(client.post(uri(KEY), TEXT).statusCode()).isEqualTo(502);
    }
}
