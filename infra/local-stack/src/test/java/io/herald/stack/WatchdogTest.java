package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watch and restart loop on a component that only pretends to be a process: no JVM is started. */
class WatchdogTest {

    private static final RestartPolicy FAST =
            new RestartPolicy(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(60));

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final StackListener recorder = new StackListener() {
        @Override
        public void crashed(String component, String reason, Duration uptime, Duration restartIn) {
            events.add("crashed " + component + ": " + reason
                    + (restartIn == null ? "" : ", restart in " + restartIn.toMillis() + " ms"));
        }

        @Override
        public void restarted(String component, long pid, int restarts, Duration took) {
            events.add("restarted " + component + " as pid " + pid + " (restart " + restarts + ")");
        }

        @Override
        public void restartFailed(String component, String reason, Duration retryIn) {
            events.add("failed " + component + ": " + reason + ", retry in " + retryIn.toMillis() + " ms");
        }
    };
    private final Watchdog watchdog = new Watchdog(FAST, recorder, Duration.ofSeconds(5));

    @AfterEach
    void close() {
        watchdog.close();
    }

    @Test
    void aCrashedComponentIsRelaunchedAndReported() {
        FakeProcess signer = new FakeProcess("signer", 0);
        watchdog.watch(signer);
        watchdog.start();

        signer.crash("killed by SIGKILL (exit code 137)");

        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 2);
        assertThat(events)
                .containsExactly(
                        "crashed signer: killed by SIGKILL (exit code 137), restart in 50 ms",
                        "restarted signer as pid 101 (restart 1)");
        assertThat(signer.isRunning()).isTrue();
        assertThat(watchdog.snapshot("signer").orElseThrow()).satisfies(s -> {
            assertThat(s.state()).isEqualTo(RestartTracker.State.UP);
            assertThat(s.restarts()).isEqualTo(1);
            assertThat(s.lastExit()).contains("killed by SIGKILL (exit code 137)");
        });
    }

    @Test
    void aRestartThatFailsIsTriedAgainLater() {
        FakeProcess broker = new FakeProcess("kafka", 2);
        watchdog.watch(broker);
        watchdog.start();

        broker.crash("exit code 1");

        await().atMost(Duration.ofSeconds(5)).until(() -> broker.isRunning() && events.size() == 4);
        assertThat(events)
                .containsExactly(
                        "crashed kafka: exit code 1, restart in 50 ms",
                        "failed kafka: kafka is not ready (try 1), retry in 100 ms",
                        "failed kafka: kafka is not ready (try 2), retry in 200 ms",
                        "restarted kafka as pid 103 (restart 3)");
    }

    @Test
    void aComponentStoppedOnPurposeStaysStopped() throws Exception {
        FakeProcess dispatcher = new FakeProcess("dispatcher-dingtalk-2", 0);
        watchdog.watch(dispatcher);
        watchdog.start();

        watchdog.stoppingOnPurpose("dispatcher-dingtalk-2", "stopped on purpose");
        dispatcher.crash("exit code 143");
        Thread.sleep(1_500); // the watch looks once a second: give it its look

        assertThat(events).isEmpty();
        assertThat(dispatcher.launches.get()).isEqualTo(1);
        assertThat(watchdog.snapshot("dispatcher-dingtalk-2").orElseThrow().state())
                .isEqualTo(RestartTracker.State.STOPPED);
    }

    @Test
    void aRestartOnRequestStopsAndRelaunchesItAndSaysSo() throws Exception {
        FakeProcess audit = new FakeProcess("audit", 0);
        watchdog.watch(audit);
        List<String> progress = new CopyOnWriteArrayList<>();

        watchdog.restartOnRequest("audit", progress::add);

        assertThat(progress)
                .containsExactly(
                        "Stopping audit (pid 100): SIGTERM, killed if it does not stop in time…",
                        "  stopped after 0.0 s",
                        "Starting audit again with the same command line…",
                        "  launched (pid 101); waiting until it is ready…",
                        "audit is ready at fake://audit after 0.0 s (restart 1 since the stack started)");
        assertThat(audit.stops.get()).isEqualTo(1);
        assertThat(watchdog.snapshot("audit").orElseThrow().lastExit()).contains("stopped for a restart on request");
    }

    @Test
    void anUnknownOrInProcessComponentIsRefusedByName() {
        watchdog.watch(new FakeProcess("signer", 0));

        assertThatThrownBy(() -> watchdog.restartOnRequest("mailer", line -> {}))
                .hasMessage("no component 'mailer'; known: signer (broker is kafka)");
    }

    /** Alive until {@link #crash}; its first {@code failingRelaunches} relaunches never become ready. */
    private static final class FakeProcess implements Component {

        private final String name;
        private final int failingRelaunches;
        private final AtomicInteger launches = new AtomicInteger();
        private final AtomicInteger stops = new AtomicInteger();
        private volatile boolean alive;
        private volatile String exit = "running";

        FakeProcess(String name, int failingRelaunches) {
            this.name = name;
            this.failingRelaunches = failingRelaunches;
            this.alive = true;
            launches.set(1);
        }

        void crash(String reason) {
            exit = reason;
            alive = false;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void launch() {
            throw new UnsupportedOperationException("launched by the constructor");
        }

        @Override
        public boolean restartable() {
            return true;
        }

        @Override
        public void relaunch() {
            launches.incrementAndGet();
            alive = true;
        }

        @Override
        public void awaitReady(Instant deadline) {
            int relaunch = launches.get() - 1;
            if (relaunch <= failingRelaunches) {
                alive = false;
                throw new IllegalStateException(name + " is not ready (try " + relaunch + ")");
            }
        }

        @Override
        public String address() {
            return "fake://" + name;
        }

        @Override
        public Optional<Path> log() {
            return Optional.empty();
        }

        @Override
        public OptionalLong pid() {
            return OptionalLong.of(99 + launches.get());
        }

        @Override
        public boolean isRunning() {
            return alive;
        }

        @Override
        public String exitReason() {
            return exit;
        }

        @Override
        public boolean stop() {
            stops.incrementAndGet();
            alive = false;
            return false;
        }
    }
}
