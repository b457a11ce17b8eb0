package io.herald.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Expiry and precedence of injected faults, on a timer the test moves. */
class FaultInjectorTest {

    final AtomicLong nanos = new AtomicLong();
    final FaultInjector faults = new FaultInjector(new MutableClock(Instant.EPOCH), nanos::get);

    @Test
    void aDurationFaultEndsExactlyWhenItsTimeIsUp() {
        faults.inject(
                Fault.builder().status(503).duration(Duration.ofSeconds(180)).build());

        nanos.set(Duration.ofSeconds(179).toNanos());
        assertThat(faults.take("webhook", "/webhook/a")).isPresent();
        assertThat(faults.list())
                .singleElement()
                .satisfies(f -> assertThat(f.expiresIn()).isEqualTo(Duration.ofSeconds(1)));

        nanos.set(Duration.ofSeconds(180).toNanos());
        assertThat(faults.take("webhook", "/webhook/a")).isEmpty();
        assertThat(faults.list()).isEmpty();
    }

    @Test
    void countAndDurationEndTheFaultWhicheverComesFirst() {
        faults.inject(Fault.builder()
                .status(503)
                .count(2)
                .duration(Duration.ofMinutes(1))
                .build());

        assertThat(faults.take("dingtalk", "/dingtalk/robot/send")).isPresent();
        assertThat(faults.take("dingtalk", "/dingtalk/robot/send")).isPresent();
        assertThat(faults.take("dingtalk", "/dingtalk/robot/send")).isEmpty();
    }

    @Test
    void requestsThatMatchNoFaultDoNotUseOneUp() {
        faults.inject(Fault.builder().provider("slack").status(429).count(1).build());

        assertThat(faults.take("dingtalk", "/dingtalk/robot/send")).isEmpty();
        assertThat(faults.take("slack", "/slack/services/T/B/X"))
                .hasValueSatisfying(t -> assertThat(t.id()).isEqualTo("f1"));
        assertThat(faults.take("slack", "/slack/services/T/B/X")).isEmpty();
    }

    @Test
    void idsAreNotReusedAfterClearing() {
        faults.inject(Fault.builder().status(503).build());
        faults.clearAll();

        assertThat(faults.inject(Fault.builder().status(503).build()).id()).isEqualTo("f2");
    }
}
