package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What {@code herald status} prints from the supervisor's state file, with the live checks given. */
class StatusTableTest {

    private static final Instant RESTARTED = Instant.parse("2026-12-06T10:05:12Z");
    private static final Instant NEXT_TRY = Instant.parse("2026-12-06T10:07:10Z");

    @Test
    void eachComponentShowsItsStatePidRestartsAndLastExit() {
        Properties state = new Properties();
        state.setProperty("components", "kafka,signer,dispatcher-dingtalk-1,audit");
        component(state, "kafka", "UP", "4800", "1", "127.0.0.1:19092");
        state.setProperty("kafka.last-restart", RESTARTED.toString());
        state.setProperty("kafka.last-exit", "killed by SIGKILL (exit code 137)");
        component(state, "signer", "RESTARTING", null, "2", "http://127.0.0.1:8082");
        state.setProperty("signer.last-exit", "exit code 1");
        state.setProperty("signer.next-restart", NEXT_TRY.toString());
        component(state, "dispatcher-dingtalk-1", "UP", "5100", "0", "http://127.0.0.1:40123");
        component(state, "audit", "UP", "5200", "0", "http://127.0.0.1:8084");
        state.setProperty("audit.log", "/repo/.herald/logs/audit.log");

        StatusCommand.Table table = StatusCommand.table(
                state, Map.of("kafka", "UP", "dispatcher-dingtalk-1", "UP", "audit", "not answering")::get);

        assertThat(table.lines().getFirst().trim().split(" +"))
                .containsExactly("COMPONENT", "STATE", "PID", "RESTARTS", "LAST", "RESTART", "ADDRESS", "LAST", "EXIT");
        assertThat(table.lines().get(1))
                .containsSubsequence(
                        "kafka",
                        "UP",
                        "4800",
                        "1",
                        clock(RESTARTED),
                        "127.0.0.1:19092",
                        "killed by SIGKILL (exit code 137)");
        assertThat(table.lines().get(2))
                .containsSubsequence(
                        "signer",
                        "RESTARTING",
                        "-",
                        "2",
                        "-",
                        "http://127.0.0.1:8082",
                        "exit code 1; next try " + clock(NEXT_TRY));
        assertThat(table.lines().get(3)).containsSubsequence("dispatcher-dingtalk-1", "UP", "5100", "0");
        // the supervisor last saw it UP, but it does not answer now
        assertThat(table.lines().get(4))
                .containsSubsequence("audit", "DOWN", "5200", "now: not answering", "see /repo/.herald/logs/audit.log");
        assertThat(table.allUp()).isFalse();
    }

    @Test
    void everythingAnsweringIsAllUp() {
        Properties state = new Properties();
        state.setProperty("components", "postgres,kafka");
        component(state, "postgres", "UP", "100", "0", "127.0.0.1:15432");
        component(state, "kafka", "UP", "200", "0", "127.0.0.1:19092");

        assertThat(StatusCommand.table(state, name -> "UP").allUp()).isTrue();
    }

    private static void component(
            Properties state, String name, String supervisorState, String pid, String restarts, String address) {
        state.setProperty(name + ".state", supervisorState);
        if (pid != null) {
            state.setProperty(name + ".pid", pid);
        }
        state.setProperty(name + ".restarts", restarts);
        state.setProperty(name + ".address", address);
    }

    private static String clock(Instant at) {
        return LocalTime.ofInstant(at, ZoneId.systemDefault()).toString();
    }
}
