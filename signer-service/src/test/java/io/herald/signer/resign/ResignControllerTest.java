package io.herald.signer.resign;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.channel.ChannelCatalog;
import io.herald.schema.ChannelState;
import io.herald.schema.SignedDelivery;
import io.herald.signer.ChangingChannels;
import io.herald.signer.Fixtures;
import io.herald.signer.MutableClock;
import io.herald.signer.clock.ClockProperties;
import io.herald.signer.clock.ClockSample;
import io.herald.signer.clock.TrustedClock;
import io.herald.signer.secrets.ChannelSecrets;
import io.herald.signer.signing.RequestSigning;
import io.herald.signer.signing.SigningHealthIndicator;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

class ResignControllerTest {

    private final MutableClock host = new MutableClock(Instant.parse("2026-01-01T00:30:00Z"));
    private final TrustedClock clock = new TrustedClock(host, ClockProperties.defaults());

    private ResignController controller(ChannelCatalog catalog) {
        RequestSigning signing =
                Fixtures.requestSigning(catalog, Fixtures.ENVIRONMENT::get, clock, null, new SigningHealthIndicator());
        return new ResignController(signing);
    }

    private static byte[] encoded(SignedDelivery delivery) throws Exception {
        ByteBuffer buffer = SignedDelivery.getEncoder().encode(delivery);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private SignedDelivery stale() throws Exception {
        clock.record(new ClockSample("sntp:a:123", Duration.ZERO, Duration.ofMillis(1), host.instant()));
        RequestSigning signing = Fixtures.requestSigning(
                Fixtures.catalog(), Fixtures.ENVIRONMENT::get, clock, null, new SigningHealthIndicator());
        SignedDelivery first = signing.sign(
                        Fixtures.accepted("n-1"), 2, List.of(Fixtures.failedAttempt("n-1", 1, host.instant())))
                .delivery();
        host.advance(Duration.ofMinutes(59));
        return first;
    }

    @Test
    void staleDeliveryIsSignedAfreshForTheSameNotificationAndAttempt() throws Exception {
        SignedDelivery stale = stale();

        ResponseEntity<?> answer = controller(Fixtures.catalog()).resign(encoded(stale));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getHeaders().getContentType()).hasToString(ResignController.MEDIA_TYPE);
        SignedDelivery fresh = SignedDelivery.getDecoder().decode((byte[]) answer.getBody());
        assertThat(fresh.getNotification()).isEqualTo(stale.getNotification());
        assertThat(fresh.getAttempt()).isEqualTo(2);
        assertThat(fresh.getPriorAttempts()).isEqualTo(stale.getPriorAttempts());
        assertThat(fresh.getSignedAt()).isEqualTo(stale.getSignedAt().plus(Duration.ofMinutes(59)));
        assertThat(fresh.getRequest().getUrl()).isNotEqualTo(stale.getRequest().getUrl());
    }

    @Test
    void untrustworthyClockAnswers503WithTheReason() throws Exception {
        SignedDelivery stale = stale();
        TrustedClock unsynced = new TrustedClock(host, ClockProperties.defaults());
        RequestSigning signing = Fixtures.requestSigning(
                Fixtures.catalog(), Fixtures.ENVIRONMENT::get, unsynced, null, new SigningHealthIndicator());

        ResponseEntity<?> answer = new ResignController(signing).resign(encoded(stale));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(((ProblemDetail) answer.getBody()).getDetail())
                .isEqualTo("clock error bound unknown (no time source reachable) exceeds dingtalk tolerance 3600 s");
    }

    @Test
    void channelThatCannotBeSignedAnswers422() throws Exception {
        SignedDelivery stale = stale();

        ResponseEntity<?> answer = controller(new ChannelCatalog(Map.of())).resign(encoded(stale));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(((ProblemDetail) answer.getBody()).getDetail())
                .isEqualTo("herald.channels.ops: channel is not in this signer's channel catalog");
    }

    @Test
    void aDisabledChannelAnswers503SoTheDispatcherParksAndADeletedOne422SoItDeadLetters() throws Exception {
        SignedDelivery stale = stale();
        ChangingChannels channels = new ChangingChannels();
        ResignController controller = new ResignController(Fixtures.requestSigning(
                channels, Fixtures.ENVIRONMENT::get, ChannelSecrets.none(), clock, null, new SigningHealthIndicator()));

        channels.put("ops", 6, ChannelState.DISABLED, Fixtures.dingTalkChannel());
        ResponseEntity<?> disabled = controller.resign(encoded(stale));
        channels.put("ops", 7, ChannelState.DELETED, Fixtures.dingTalkChannel());
        ResponseEntity<?> deleted = controller.resign(encoded(stale));

        assertThat(disabled.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(((ProblemDetail) disabled.getBody()).getTitle()).isEqualTo("Channel disabled");
        assertThat(((ProblemDetail) disabled.getBody()).getDetail()).isEqualTo("channel 'ops' is disabled (version 6)");
        assertThat(deleted.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(((ProblemDetail) deleted.getBody()).getTitle()).isEqualTo("Channel deleted");
        assertThat(((ProblemDetail) deleted.getBody()).getDetail()).isEqualTo("channel 'ops' was deleted (version 7)");
    }

    @Test
    void undecodableBodyAnswers400() {
        ResponseEntity<?> answer = controller(Fixtures.catalog()).resign(new byte[] {1, 2, 3});

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }
}
