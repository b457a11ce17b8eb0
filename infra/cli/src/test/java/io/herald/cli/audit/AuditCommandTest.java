package io.herald.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cli.Cli;
import io.herald.cli.ExitCode;
import io.herald.cli.FakeHerald;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditCommandTest {

    static final String VIEW = """
            {"id":"n-1","channel":"ops","provider":"dingtalk","tenant":"acme","source":"HTTP","status":"DEAD_LETTERED",
             "attempts":2,"timeline":[
              {"type":"ACCEPTED","at":"2026-01-01T00:00:00Z","source":"HTTP"},
              {"type":"SIGNED","at":"2026-01-01T00:00:00.100Z","attempt":1},
              {"type":"ATTEMPT","at":"2026-01-01T00:00:00.200Z","attempt":1,"outcome":"PERMANENT","httpStatus":200,
               "providerCode":"310000","providerMessage":"sign not match","latencyMs":12,"error":null,
               "explanation":{"text":"DingTalk 310000: sign not match: secret mismatch",
                "likelyCause":"the channel's secret is not the robot's",
                "docs":"https://open.dingtalk.com/document/robots/customize-robot-security-settings"}},
              {"type":"DEAD_LETTER","at":"2026-01-01T00:00:00.300Z","finalOutcome":"PERMANENT","reason":"sign not match","attempts":1},
              {"type":"SOMETHING_NEW","at":"2026-01-01T00:00:01Z"}]}""";

    @Test
    void showPrintsAReadableTimeline() throws Exception {
        try (FakeHerald herald = new FakeHerald(Map.of("/v1/notifications/n-1", new FakeHerald.Answer(200, VIEW)))) {
            FakeHerald.Run run = herald.run(Map.of("HERALD_READ_TOKEN", "t"), "audit", "show", "n-1");
            assertThat(run.code()).isZero();
            assertThat(run.out()).contains("status     DEAD_LETTERED").contains("channel    ops (dingtalk)");
            assertThat(run.out()
                            .lines()
                            .filter(l -> l.startsWith("2026-01-01T00:00:00.200Z"))
                            .findFirst()
                            .orElseThrow())
                    .contains(" ATTEMPT ")
                    .contains("PERMANENT")
                    .contains("310000")
                    .contains("sign not match; 12 ms");
            assertThat(run.out()).contains("DEAD_LETTER").contains("SOMETHING_NEW");
        }
    }

    @Test
    void showSaysWhyEachFailedAttemptFailedWithTheProvidersDocs() throws Exception {
        try (FakeHerald herald = new FakeHerald(Map.of("/v1/notifications/n-1", new FakeHerald.Answer(200, VIEW)))) {
            FakeHerald.Run run = herald.run(Map.of("HERALD_READ_TOKEN", "t"), "audit", "show", "n-1");
            assertThat(run.code()).isZero();
            assertThat(run.out().lines().dropWhile(l -> !l.equals("Why attempts failed")))
                    .containsExactly(
                            "Why attempts failed",
                            "attempt 1 at 2026-01-01T00:00:00.200Z: DingTalk 310000: sign not match: secret mismatch",
                            "  likely cause: the channel's secret is not the robot's",
                            "  docs: https://open.dingtalk.com/document/robots/customize-robot-security-settings");
        }
    }

    @Test
    void showOfAnUnknownIdFailsInWords() throws Exception {
        try (FakeHerald herald = new FakeHerald(
                Map.of(
                        "/v1/notifications/nope",
                        new FakeHerald.Answer(
                                404,
                                "{\"title\":\"Notification not found\",\"detail\":\"Audit has no notification with id 'nope'.\"}")))) {
            FakeHerald.Run run = herald.run(Map.of("HERALD_READ_TOKEN", "t"), "audit", "show", "nope");
            assertThat(run.code()).isEqualTo(ExitCode.FAILED);
            assertThat(run.err())
                    .contains("audit answered 404 Notification not found: Audit has no notification with id 'nope'.");
        }
    }

    @Test
    void searchSendsTheFiltersAndJsonIsTheRawAnswer() throws Exception {
        String page = """
                {"items":[{"id":"n-1","at":"2026-01-01T00:00:00Z","channel":"ops","provider":"dingtalk","status":"DELIVERED",
                 "attempts":1,"lastOutcome":"DELIVERED","lastHttpStatus":200}],"nextCursor":"abc"}""";
        try (FakeHerald herald = new FakeHerald(Map.of("/v1/notifications", new FakeHerald.Answer(200, page)))) {
            FakeHerald.Run table = herald.run(
                    Map.of("HERALD_READ_TOKEN", "t"),
                    "audit",
                    "search",
                    "--status",
                    "DELIVERED",
                    "--channel",
                    "ops",
                    "--class",
                    "DELIVERED",
                    "--since",
                    "2025-03-01",
                    "--limit",
                    "10");
            assertThat(table.code()).isZero();
            assertThat(herald.calls.getFirst().uri())
                    .isEqualTo(
                            "/v1/notifications?status=DELIVERED&channel=ops&class=DELIVERED&from=2025-03-01T00%3A00%3A00Z&limit=10");
            assertThat(table.out()).contains("n-1").contains("DELIVERED").contains("more: add --cursor abc");
            FakeHerald.Run json = herald.run(Map.of("HERALD_READ_TOKEN", "t"), "audit", "search", "--json");
            assertThat(Cli.JSON
                            .readTree(json.out())
                            .path("items")
                            .get(0)
                            .path("id")
                            .asString())
                    .isEqualTo("n-1");
        }
    }

    @Test
    void aRefusedSearchNamesTheParameter() throws Exception {
        try (FakeHerald herald = new FakeHerald(
                Map.of(
                        "/v1/notifications",
                        new FakeHerald.Answer(
                                400,
                                "{\"title\":\"Bad Request\",\"detail\":\"status must be one of ACCEPTED, …\",\"parameter\":\"status\"}")))) {
            FakeHerald.Run run =
                    herald.run(Map.of("HERALD_READ_TOKEN", "t"), "audit", "search", "--status", "LOST", "--json");
            assertThat(run.code()).isEqualTo(ExitCode.FAILED);
            assertThat(run.err()).contains("audit answered 400").contains("parameter: status");
            assertThat(Cli.JSON.readTree(run.out()).path("parameter").asString())
                    .isEqualTo("status");
        }
    }
}
