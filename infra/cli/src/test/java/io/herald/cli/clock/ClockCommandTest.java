package io.herald.cli.clock;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cli.ExitCode;
import io.herald.cli.FakeHerald;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClockCommandTest {

    private static final String DETAILS = """
            "details":{"hostTime":"2026-01-01T00:00:00Z","offsetSeconds":0.012,"boundSeconds":0.05,
             "host":"host clock is 0.012 s behind true time","truechimers":["sntp:a","sntp:b"],"falsetickers":["sntp:c"],
             "sources":{"sntp:a":{"offsetSeconds":0.01,"errorSeconds":0.02,"boundNowSeconds":0.03,
               "sampledAt":"2026-01-01T00:00:00Z","lastTry":"2026-01-01T00:00:00Z"},
              "sntp:c":{"lastError":"timed out","lastTry":"2026-01-01T00:00:00Z"}},
             "providers":{"dingtalk":{"signable":%s,"reason":"%s"}}}""";

    @Test
    void printsEachSourceAndProviderAndExitsZeroWhenUp() throws Exception {
        String up = "{\"status\":\"UP\"," + DETAILS.formatted("true", "bound 0.05 s within 1800 s") + "}";
        try (FakeHerald herald = new FakeHerald(Map.of("/actuator/health/clock", new FakeHerald.Answer(200, up)))) {
            FakeHerald.Run run = herald.run(Map.of("HERALD_OPERATOR_TOKEN", "op"), "clock");
            assertThat(run.code()).isZero();
            assertThat(run.out())
                    .contains("clock UP: host clock is 0.012 s behind true time")
                    .contains("offset +0.012 s, error bound 0.050 s; agreeing: sntp:a, sntp:b; outvoted: sntp:c");
            assertThat(run.out().lines().filter(l -> l.startsWith("sntp:a")))
                    .singleElement()
                    .asString()
                    .contains("+0.010 s");
            assertThat(run.out().lines().filter(l -> l.startsWith("sntp:c")))
                    .singleElement()
                    .asString()
                    .contains("timed out");
            assertThat(run.out()).contains("dingtalk  yes");
            assertThat(herald.calls.getFirst().authorization()).isEqualTo("Bearer op");
        }
    }

    @Test
    void aClockThatRefusesToSignExitsOne() throws Exception {
        String down = "{\"status\":\"DOWN\"," + DETAILS.formatted("false", "bound too large") + "}";
        try (FakeHerald herald = new FakeHerald(Map.of("/actuator/health/clock", new FakeHerald.Answer(503, down)))) {
            FakeHerald.Run run = herald.run(Map.of(), "clock");
            assertThat(run.code()).isEqualTo(ExitCode.FAILED);
            assertThat(run.out()).contains("clock DOWN").contains("dingtalk  NO        bound too large");
        }
    }
}
