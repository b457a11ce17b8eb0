package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.stack.RestartTracker.State;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestartTrackerTest {

    private static final RestartPolicy POLICY =
            new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private final RestartTracker tracker = new RestartTracker(POLICY, T0);

    @Test
    void aCrashOfARunningComponentIsRestartedAfterTheFirstDelay() {
        RestartTracker.Crash crash = tracker.exited(T0.plusSeconds(5), "killed by SIGKILL (exit code 137)")
                .orElseThrow();

        assertThat(crash.uptime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(crash.restart())
                .get()
                .extracting(RestartTracker.Decision::delay)
                .isEqualTo(Duration.ofSeconds(1));
        RestartTracker.Snapshot snapshot = tracker.snapshot();
        assertThat(snapshot.state()).isEqualTo(State.RESTARTING);
        assertThat(snapshot.lastExit()).contains("killed by SIGKILL (exit code 137)");
        assertThat(snapshot.nextTry()).contains(T0.plusSeconds(6));
    }

    @Test
    void aCrashIsReportedOnceNotAtEveryCheckWhileItIsDead() {
        tracker.exited(T0.plusSeconds(5), "exit code 1");

        assertThat(tracker.exited(T0.plusSeconds(6), "exit code 1")).isEmpty();
    }

    @Test
    void restartsThatFailInARowWaitTwiceAsLongEachTimeUpToTheMaximum() {
        RestartTracker.Decision decision = tracker.exited(T0.plusSeconds(5), "exit code 1")
                .orElseThrow()
                .restart()
                .orElseThrow();
        StringBuilder delays = new StringBuilder(decision.delay().toSeconds() + "");
        Instant now = T0.plusSeconds(5);
        for (int i = 0; i < 6; i++) {
            assertThat(tracker.begin(decision.epoch())).isTrue();
            now = now.plus(decision.delay());
            tracker.relaunched(now);
            decision = tracker.failed(decision.epoch(), now.plusSeconds(1), "exit code 1")
                    .orElseThrow();
            delays.append(',').append(decision.delay().toSeconds());
        }

        assertThat(delays.toString()).isEqualTo("1,2,4,8,16,30,30");
        assertThat(tracker.snapshot().restarts()).isEqualTo(6);
    }

    @Test
    void aComponentThatStayedUpAWhileStartsAgainFromTheFirstDelay() {
        RestartTracker.Decision first = tracker.exited(T0.plusSeconds(1), "exit code 1")
                .orElseThrow()
                .restart()
                .orElseThrow();
        tracker.begin(first.epoch());
        tracker.relaunched(T0.plusSeconds(2));
        tracker.ready(first.epoch());
        RestartTracker.Decision quickAgain = tracker.exited(T0.plusSeconds(10), "exit code 1")
                .orElseThrow()
                .restart()
                .orElseThrow();
        tracker.begin(quickAgain.epoch());
        tracker.relaunched(T0.plusSeconds(12));
        tracker.ready(quickAgain.epoch());

        // up for 61 s after its last restart: longer than stableAfter (60 s)
        RestartTracker.Decision afterAStableRun = tracker.exited(T0.plusSeconds(73), "exit code 1")
                .orElseThrow()
                .restart()
                .orElseThrow();

        assertThat(quickAgain.delay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(afterAStableRun.delay()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aComponentStoppedOnPurposeIsNeverRestarted() {
        tracker.stoppedOnPurpose("stopped on purpose");

        assertThat(tracker.exited(T0.plusSeconds(5), "exit code 143")).isEmpty();
        assertThat(tracker.snapshot().state()).isEqualTo(State.STOPPED);
        assertThat(tracker.snapshot().lastExit()).contains("stopped on purpose");
    }

    @Test
    void aStopOnPurposeCallsOffARestartAlreadyScheduled() {
        RestartTracker.Decision scheduled = tracker.exited(T0.plusSeconds(5), "exit code 1")
                .orElseThrow()
                .restart()
                .orElseThrow();

        tracker.stoppedOnPurpose("scaled down");

        assertThat(tracker.begin(scheduled.epoch())).isFalse();
        assertThat(tracker.snapshot().state()).isEqualTo(State.STOPPED);
    }

    @Test
    void aRestartOnRequestSupersedesAScheduledOneAndIsCounted() {
        RestartTracker.Decision scheduled = tracker.exited(T0.plusSeconds(5), "exit code 1")
                .orElseThrow()
                .restart()
                .orElseThrow();

        long requested = tracker.beginOnRequest().orElseThrow();
        tracker.relaunched(T0.plusSeconds(7));
        tracker.ready(requested);

        assertThat(tracker.begin(scheduled.epoch())).isFalse();
        assertThat(tracker.snapshot()).satisfies(s -> {
            assertThat(s.state()).isEqualTo(State.UP);
            assertThat(s.restarts()).isEqualTo(1);
            assertThat(s.lastRestart()).contains(T0.plusSeconds(7));
            assertThat(s.nextTry()).isEmpty();
        });
    }

    @Test
    void aRestartOnRequestIsRefusedWhileARestartIsUnderWay() {
        RestartTracker.Decision scheduled = tracker.exited(T0.plusSeconds(5), "exit code 1")
                .orElseThrow()
                .restart()
                .orElseThrow();
        tracker.begin(scheduled.epoch());

        assertThat(tracker.beginOnRequest()).isEmpty();
    }

    @Test
    void theExitOfAComponentBeingRestartedOnRequestIsNotACrash() {
        tracker.beginOnRequest();

        assertThat(tracker.exited(T0.plusSeconds(5), "exit code 143")).isEmpty();
    }

    @Test
    void withoutAPolicyACrashLeavesItDown() {
        RestartTracker never = new RestartTracker(null, T0);

        RestartTracker.Crash crash =
                never.exited(T0.plusSeconds(5), "exit code 1").orElseThrow();

        assertThat(crash.restart()).isEmpty();
        assertThat(never.snapshot().state()).isEqualTo(State.DOWN);
        assertThat(never.snapshot().nextTry()).isEqualTo(Optional.empty());
    }
}
