package io.herald.bench.chaos;

import io.herald.stack.sweep.SecretSweep;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The result of a {@code herald chaos} run as markdown: the run (command, date, machine, load), one table row per
 * fault with the pass rule applied, what was seen in each, and the secrets sweep by place. The run passes when every
 * fault passed and the sweep found nothing (having had bytes to look at in every place).
 *
 * @param secrets how many secrets the sweep looked for (each in all of its forms)
 */
record ChaosReport(
        String command,
        Instant date,
        Machine machine,
        String loadBefore,
        String loadAfter,
        ChaosSettings settings,
        Duration stackUp,
        List<FaultResult> results,
        int secrets,
        SecretSweep.Result sweep,
        Duration took) {

    ChaosReport {
        results = List.copyOf(results);
    }

    boolean passed() {
        return !results.isEmpty() && results.stream().allMatch(FaultResult::passed) && sweep != null && sweep.clean();
    }

    String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Herald fault suite (`herald chaos`)\n\n");
        md.append("- Command: `").append(command).append("`\n");
        md.append("- Date: ")
                .append(DateTimeFormatter.ISO_INSTANT.format(date.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)))
                .append(String.format(Locale.ROOT, " (took %s; stack up in %s)%n", minutes(took), seconds(stackUp)));
        md.append("- Machine: ").append(machine.describe()).append('\n');
        md.append("- Load average: ")
                .append(loadBefore)
                .append(" before, ")
                .append(loadAfter)
                .append(" after\n");
        md.append(String.format(
                Locale.ROOT,
                "- Load: %d/s to herald.requests%s, over %d Standard Webhooks channels (no rate limit), %d partitions; "
                        + "%s of load before each fault, %s after it; then up to %s for every notification to be final%n",
                settings.rate(),
                settings.httpRate() > 0 ? " and " + settings.httpRate() + "/s over HTTP" : "",
                settings.channels(),
                settings.partitions(),
                seconds(settings.lead()),
                seconds(settings.tail()),
                seconds(settings.grace())));
        md.append("- Rule: a fault passes when published = delivered + dead-lettered and none is stuck (not final "
                + "after the fault and the grace period). Recovered: from the fault's end (a kill: the kill) until the "
                + "sandbox had every notification published before then (dead letters aside).\n\n");

        md.append(
                "| fault | what was done | published | delivered | dead-lettered | stuck | duplicates (shown in timeline) "
                        + "| recovered in | result |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (FaultResult r : results) {
            Accounting a = r.accounting();
            md.append("| ")
                    .append(r.kind().id())
                    .append(" | ")
                    .append(cell(r.action()))
                    .append(" | ");
            if (a == null) {
                md.append("– | – | – | – | – | – | ");
            } else {
                md.append(count(a.published()))
                        .append(" | ")
                        .append(count(a.delivered()))
                        .append(" | ")
                        .append(count(a.deadLettered()))
                        .append(" | ")
                        .append(count(a.stuck()))
                        .append(" | ")
                        .append(count(a.duplicateIds()));
                if (r.duplicatesChecked() > 0) {
                    md.append(" (")
                            .append(r.duplicatesVisible())
                            .append(" of ")
                            .append(r.duplicatesChecked())
                            .append(')');
                }
                md.append(" | ")
                        .append(a.recovery().map(ChaosReport::seconds).orElse("not within the grace period"))
                        .append(" | ");
            }
            md.append(r.passed() ? "PASS" : "**FAIL**").append(" |\n");
        }

        md.append("\n## What was seen\n");
        for (FaultResult r : results) {
            md.append("\n### ")
                    .append(r.kind().id())
                    .append(r.passed() ? " — pass" : " — FAIL")
                    .append("\n\n");
            md.append("- ").append(r.action()).append('\n');
            r.notes().forEach(note -> md.append("- ").append(note).append('\n'));
            Accounting a = r.accounting();
            if (a != null) {
                md.append(String.format(
                        Locale.ROOT,
                        "- published %,d (%,d offered but never published), delivered %,d, dead-lettered %,d, "
                                + "rejected %,d, stuck %,d%n",
                        a.published(),
                        r.publishFailures(),
                        a.delivered(),
                        a.deadLettered(),
                        a.rejected(),
                        a.stuck()));
                md.append(String.format(
                        Locale.ROOT,
                        "- at the sandbox: %,d notifications accepted more than once (%,d extra receipts), %,d requests "
                                + "answered by the injected fault, %,d rejected by the sandbox's checks%n",
                        a.duplicateIds(),
                        a.extraReceipts(),
                        a.faultedReceipts(),
                        a.rejectedReceipts()));
                md.append(String.format(
                        Locale.ROOT,
                        "- publish to first receipt: p99 %s, max %s%n",
                        seconds(a.latencyP99()),
                        seconds(a.latencyMax())));
                if (r.httpRetries() > 0) {
                    md.append(String.format(
                            Locale.ROOT, "- HTTP posts sent again with their Idempotency-Key: %,d%n", r.httpRetries()));
                }
            }
            r.problems().forEach(p -> md.append("- **failed:** ").append(p).append('\n'));
            r.findings().forEach(f -> md.append("- finding: ").append(f).append('\n'));
            md.append(String.format(Locale.ROOT, "- scenario took %s%n", minutes(r.took())));
        }

        md.append("\n## Secrets sweep\n\n");
        if (sweep == null) {
            md.append("Not run.\n");
        } else {
            md.append(String.format(
                    Locale.ROOT,
                    "%d secrets generated for this run (the %d webhook secrets, the credential-sealing key, the stack's "
                            + "bearer tokens: publisher, reader, operator, dispatcher), each looked for as configured "
                            + "and, for keys, as its base64 body and its raw key bytes; raw bytes of every file, after "
                            + "the stack stopped.%n%n",
                    secrets,
                    settings.channels()));
            md.append("| place | files | bytes | hits |\n|---|---:|---:|---:|\n");
            for (SecretSweep.PlaceResult place : sweep.places()) {
                md.append("| ")
                        .append(place.place())
                        .append(" | ")
                        .append(count(place.files()))
                        .append(" | ")
                        .append(count(place.bytes()))
                        .append(" | ")
                        .append(count(place.hitCount()))
                        .append(" |\n");
            }
            for (SecretSweep.PlaceResult place : sweep.places()) {
                for (SecretSweep.Hit hit : place.hits()) {
                    md.append("- **hit:** ")
                            .append(hit.secret())
                            .append(" (")
                            .append(hit.form())
                            .append(") in ")
                            .append(place.place())
                            .append(": ")
                            .append(hit.file())
                            .append(", ")
                            .append(hit.count())
                            .append("×\n");
                }
                place.errors()
                        .forEach(e ->
                                md.append("- **could not read:** ").append(e).append('\n'));
                if (place.bytes() == 0 && place.errors().isEmpty()) {
                    md.append("- **nothing to sweep** in ")
                            .append(place.place())
                            .append(" (")
                            .append(place.root())
                            .append(")\n");
                }
            }
        }

        long passed = results.stream().filter(FaultResult::passed).count();
        md.append(String.format(
                Locale.ROOT,
                "%n**Result: %s** — %d of %d faults passed; secrets sweep %s.%n",
                passed() ? "PASS" : "FAIL",
                passed,
                results.size(),
                sweep == null
                        ? "not run"
                        : sweep.clean()
                                ? "clean"
                                : sweep.hitCount() + " hits"
                                        + (sweep.places().stream()
                                                        .anyMatch(
                                                                p -> !p.errors().isEmpty() || p.bytes() == 0)
                                                ? " (and places it could not sweep)"
                                                : "")));
        List<String> failed = results.stream()
                .filter(r -> !r.passed())
                .map(r -> r.kind().id())
                .toList();
        if (!failed.isEmpty()) {
            md.append("Failed: ")
                    .append(failed.stream().collect(Collectors.joining(", ")))
                    .append(".\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String minutes(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + " s" : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
}
