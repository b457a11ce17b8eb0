package io.herald.signer.preview;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelCatalog;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.sealing.CredentialSealer;
import io.herald.schema.ChannelState;
import io.herald.signer.ChangingChannels;
import io.herald.signer.Fixtures;
import io.herald.signer.MutableClock;
import io.herald.signer.clock.ClockProperties;
import io.herald.signer.clock.TrustedClock;
import io.herald.signer.secrets.ChannelSecrets;
import io.herald.signer.signing.RequestSigning;
import io.herald.signer.signing.SigningHealthIndicator;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

class PreviewControllerTest {

    private final ChannelCatalog catalog = new ChannelCatalog(Map.of(
            "ops",
            Fixtures.dingTalkChannel(),
            "dns",
            new Channel(
                    "tencentcloud",
                    URI.create("https://cvm.tencentcloudapi.com"),
                    Map.of("secret-id", "env:TC_ID", "secret-key", "env:TC_KEY"),
                    null,
                    null)));
    private final Map<String, String> env = Map.of(
            "HERALD_OPS_TOKEN",
            Fixtures.OPS_TOKEN,
            "HERALD_OPS_SECRET",
            Fixtures.OPS_SECRET,
            "TC_ID",
            "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******",
            "TC_KEY",
            "Gu5t9xGARNpq86cd98joQYCN3*******");
    private final TrustedClock clock =
            new TrustedClock(new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), ClockProperties.defaults());
    private final RequestSigning signing = Fixtures.requestSigning(
            catalog,
            env::get,
            clock,
            new CredentialSealer(Map.of("k", new byte[16]), "k"),
            new SigningHealthIndicator());
    private final PreviewController controller = new PreviewController(ChannelDirectory.fixed(catalog), signing, clock);

    @Test
    @SuppressWarnings("unchecked")
    void tencentPreviewWithTheDocumentedTimestampShowsTheDocumentedSignatureAndMasksCredentials() {
        String payload =
                "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}";
        var request = new PreviewController.PreviewRequest(
                "dns",
                null,
                new PreviewController.Api("DescribeInstances", "2017-03-12", "ap-guangzhou", "POST", "/", payload),
                "1551113065000");

        ResponseEntity<?> answer = controller.preview(request);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        Map<String, Object> body = (Map<String, Object>) answer.getBody();
        assertThat(body)
                .containsEntry("provider", "tencentcloud")
                .containsEntry("timestamp", "2019-02-25T16:44:25Z")
                .containsEntry("signature", "be4f67d323c78ab9acb7395e43c0dbcf822a9cfac32fea2449a7bc7726b770a3")
                .containsEntry("timestampSource", "given");
        assertThat((String) body.get("stringToSign"))
                .contains("x-tc-action:describeinstances", "2019-02-25/cvm/tc3_request");
        Map<String, Object> http = (Map<String, Object>) body.get("request");
        assertThat((Map<String, String>) http.get("headers")).containsEntry("Authorization", "TC3-HMAC-SHA256 ***");
        assertThat(body.toString()).doesNotContain("Gu5t9xGARNpq86cd98joQYCN3");
        Map<String, Object> clockState = (Map<String, Object>) body.get("clock");
        assertThat(clockState).containsEntry("boundSeconds", "unknown").containsEntry("wouldSignNow", false);
    }

    @Test
    @SuppressWarnings("unchecked")
    void dingTalkPreviewMasksTokenSignAndTheSecretInTheStringToSign() {
        var request = new PreviewController.PreviewRequest(
                "ops",
                new PreviewController.Message("hello", "text", null, null, null, null),
                null,
                "2026-01-01T00:00:00Z");

        Map<String, Object> body =
                (Map<String, Object>) controller.preview(request).getBody();

        assertThat(body.get("stringToSign")).isEqualTo("1767225600000\n***");
        assertThat(((Map<String, Object>) body.get("request")).get("url"))
                .isEqualTo("https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=1767225600000&sign=***");
        assertThat(body.toString()).doesNotContain(Fixtures.OPS_TOKEN, Fixtures.OPS_SECRET);
    }

    @Test
    void unknownChannelIs404() {
        var request = new PreviewController.PreviewRequest(
                "nope", new PreviewController.Message("hello", null, null, null, null, null), null, null);

        assertThat(controller.preview(request).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aDisabledChannelIs409AndADeletedOne410WithTheirVersion() {
        ChangingChannels channels = new ChangingChannels();
        RequestSigning live = Fixtures.requestSigning(
                channels, env::get, ChannelSecrets.none(), clock, null, new SigningHealthIndicator());
        PreviewController preview = new PreviewController(channels, live, clock);
        var request = new PreviewController.PreviewRequest(
                "ops", new PreviewController.Message("hello", null, null, null, null, null), null, null);

        channels.put("ops", 2, ChannelState.DISABLED, Fixtures.dingTalkChannel());
        ResponseEntity<?> disabled = preview.preview(request);
        channels.put("ops", 3, ChannelState.DELETED, Fixtures.dingTalkChannel());
        ResponseEntity<?> deleted = preview.preview(request);

        assertThat(disabled.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(((ProblemDetail) disabled.getBody()).getDetail()).isEqualTo("channel 'ops' is disabled (version 2)");
        assertThat(deleted.getStatusCode()).isEqualTo(HttpStatus.GONE);
        assertThat(((ProblemDetail) deleted.getBody()).getDetail()).isEqualTo("channel 'ops' was deleted (version 3)");
    }
}
