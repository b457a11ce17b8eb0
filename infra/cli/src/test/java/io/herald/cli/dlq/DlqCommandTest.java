package io.herald.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cli.Cli;
import io.herald.cli.ExitCode;
import io.herald.cli.FakeHerald;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DlqCommandTest {

    private static final Map<String, String> OPERATOR =
            Map.of("HERALD_OPERATOR_TOKEN", "op", "HERALD_READ_TOKEN", "rd");

    @Test
    void listShowsReasonsAndFiltersByReasonHere() throws Exception {
        String page = """
                {"items":[
                 {"id":"a","channel":"ops","provider":"dingtalk","attempts":3,"lastProviderCode":"310000","replays":0,
                  "deadLetteredAt":"2026-01-01T00:00:00Z","deadLetterReason":"sign not match"},
                 {"id":"b","channel":"ops","provider":"dingtalk","attempts":1,"replays":1,
                  "deadLetteredAt":"2026-01-01T00:00:01Z","deadLetterReason":"robot disabled"}],"nextCursor":null}""";
        try (FakeHerald herald = new FakeHerald(Map.of("/v1/dead-letters", new FakeHerald.Answer(200, page)))) {
            FakeHerald.Run run = herald.run(OPERATOR, "dlq", "list", "--provider", "dingtalk", "--reason", "SIGN");
            assertThat(run.code()).isZero();
            assertThat(herald.calls.getFirst().uri()).isEqualTo("/v1/dead-letters?provider=dingtalk&limit=50");
            assertThat(herald.calls.getFirst().authorization()).isEqualTo("Bearer rd");
            assertThat(run.out()).contains("sign not match").contains("310000").doesNotContain("robot disabled");
        }
    }

    @Test
    void replayByFilterSendsTheAuditsNamesAndADryRunExitsZero() throws Exception {
        String answer = """
                {"dryRun":true,"summary":{"WOULD_REPLAY":1},"items":[{"id":"a","outcome":"WOULD_REPLAY","replayId":"a-replay-1","replayCount":1}]}""";
        try (FakeHerald herald = new FakeHerald(Map.of("/v1/replays", new FakeHerald.Answer(200, answer)))) {
            FakeHerald.Run run =
                    herald.run(OPERATOR, "dlq", "replay", "--channel", "ops", "--class", "PERMANENT", "--dry-run");
            assertThat(run.code()).isZero();
            var sent = Cli.JSON.readTree(herald.calls.getFirst().body());
            assertThat(sent.path("filter").path("channel").asString()).isEqualTo("ops");
            assertThat(sent.path("filter").path("outcomeClass").asString()).isEqualTo("PERMANENT");
            assertThat(sent.path("dryRun").asBoolean()).isTrue();
            assertThat(sent.has("ids")).isFalse();
            assertThat(herald.calls.getFirst().authorization()).isEqualTo("Bearer op");
            assertThat(run.out()).contains("a-replay-1").contains("dry run, nothing sent: 1 WOULD_REPLAY");
        }
    }

    @Test
    void aDeadLetterNotReplayedFailsWithAHint() throws Exception {
        String answer = """
                {"dryRun":false,"summary":{"ALREADY_REPLAYED":1},"items":[{"id":"a","outcome":"ALREADY_REPLAYED","detail":"replayed once"}]}""";
        try (FakeHerald herald = new FakeHerald(Map.of("/v1/replays", new FakeHerald.Answer(200, answer)))) {
            FakeHerald.Run run = herald.run(OPERATOR, "dlq", "replay", "a");
            assertThat(run.code()).isEqualTo(ExitCode.FAILED);
            assertThat(run.out()).contains("ALREADY_REPLAYED").contains("add --force");
            assertThat(Cli.JSON
                            .readTree(herald.calls.getFirst().body())
                            .path("ids")
                            .get(0)
                            .asString())
                    .isEqualTo("a");
        }
    }

    @Test
    void replayNeedsIdsOrAFilterButNotBoth() {
        assertThat(FakeHerald.runWith(OPERATOR, "dlq", "replay").code()).isEqualTo(ExitCode.USAGE);
        FakeHerald.Run both = FakeHerald.runWith(OPERATOR, "dlq", "replay", "a", "--channel", "ops");
        assertThat(both.code()).isEqualTo(ExitCode.USAGE);
        assertThat(both.err()).contains("not both");
    }

    @Test
    void aReadTokenCannotReplay() {
        FakeHerald.Run run = FakeHerald.runWith(Map.of("HERALD_READ_TOKEN", "rd"), "dlq", "replay", "a");
        assertThat(run.code()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("HERALD_OPERATOR_TOKEN");
    }
}
