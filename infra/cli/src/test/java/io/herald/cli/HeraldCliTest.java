package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exit codes, errors in words and credentials, as a person or a script sees them. */
class HeraldCliTest {

    private static final String SECRET = "s3cret-token-value";

    @Test
    void aMissingCredentialIsAUsageErrorNamingTheVariables() {
        FakeHerald.Run run = FakeHerald.runWith(Map.of(), "audit", "show", "n-1");
        assertThat(run.code()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("HERALD_READ_TOKEN").contains("--token");
    }

    @Test
    void aServiceNobodyAnswersIsExitThreeNamingTheFlagAndVariable() {
        FakeHerald.Run run = FakeHerald.runWith(
                Map.of("HERALD_READ_TOKEN", SECRET, "HERALD_AUDIT_URL", "http://127.0.0.1:1"), "dlq", "list");
        assertThat(run.code()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.err())
                .contains("cannot reach audit at http://127.0.0.1:1")
                .contains("--audit-url")
                .contains("HERALD_AUDIT_URL");
        assertThat(run.err() + run.out())
                .doesNotContain(SECRET)
                .doesNotContain("Exception")
                .doesNotContain("at io.");
    }

    @Test
    void badOptionsAreUsageErrorsNamingTheOption() {
        assertThat(FakeHerald.runWith(Map.of(), "dlq", "list", "--bogus").code())
                .isEqualTo(ExitCode.USAGE);
        FakeHerald.Run since =
                FakeHerald.runWith(Map.of("HERALD_READ_TOKEN", SECRET), "dlq", "list", "--since", "yesterday");
        assertThat(since.code()).isEqualTo(ExitCode.USAGE);
        assertThat(since.err()).contains("--since").contains("yesterday");
        FakeHerald.Run url = FakeHerald.runWith(
                Map.of("HERALD_READ_TOKEN", SECRET), "audit", "show", "x", "--audit-url", "localhost:8084");
        assertThat(url.code()).isEqualTo(ExitCode.USAGE);
        assertThat(url.err()).contains("--audit-url");
        assertThat(FakeHerald.runWith(Map.of(), "dlq").code()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void theCredentialGoesOnlyInTheHeaderAndIsNeverPrinted() throws Exception {
        try (FakeHerald herald = new FakeHerald(Map.of(
                "/v1/notifications/",
                new FakeHerald.Answer(401, "{\"title\":\"Unauthorized\",\"detail\":\"invalid_token\"}")))) {
            FakeHerald.Run run = herald.run(Map.of("HERALD_READ_TOKEN", SECRET), "audit", "show", "n-1");
            assertThat(run.code()).isEqualTo(ExitCode.FAILED);
            assertThat(run.err()).contains("audit answered 401").contains("check the token");
            assertThat(run.err() + run.out()).doesNotContain(SECRET);
            assertThat(herald.calls)
                    .singleElement()
                    .satisfies(c -> assertThat(c.authorization()).isEqualTo("Bearer " + SECRET));
        }
    }

    @Test
    void theFlagWinsOverTheEnvironment() throws Exception {
        try (FakeHerald herald =
                new FakeHerald(Map.of("/v1/dead-letters", new FakeHerald.Answer(200, "{\"items\":[]}")))) {
            FakeHerald.Run run =
                    herald.run(Map.of("HERALD_READ_TOKEN", "from-env"), "dlq", "list", "--token", "from-flag");
            assertThat(run.code()).isZero();
            assertThat(run.out()).contains("no dead letters match");
            assertThat(herald.calls.getFirst().authorization()).isEqualTo("Bearer from-flag");
        }
    }

    @Test
    void durationsAndTimesAcceptAgesDaysAndInstants() {
        var clock = java.time.Clock.fixed(java.time.Instant.parse("2026-01-02T10:00:00Z"), java.time.ZoneOffset.UTC);
        assertThat(Durations.instant("--since", "2h", clock)).hasToString("2026-01-02T08:00:00Z");
        assertThat(Durations.instant("--since", "2025-03-01", clock)).hasToString("2025-03-01T00:00:00Z");
        assertThat(Durations.instant("--since", "2025-03-01T08:00:00Z", clock)).hasToString("2025-03-01T08:00:00Z");
        assertThat(Durations.parse("--timeout", "500ms")).hasMillis(500);
    }

    @Test
    void tablesPadColumnsAndShowMissingCellsAsDashes() {
        String table = new Table("ID", "STATUS")
                .row("n-1", "DELIVERED")
                .row("n-22", null)
                .render();
        assertThat(table.lines()).containsExactly("ID    STATUS", "n-1   DELIVERED", "n-22  -");
    }
}
