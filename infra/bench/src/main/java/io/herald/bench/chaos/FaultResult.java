package io.herald.bench.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One scenario of the suite: what was done, what it cost, and whether it passed. It passes when something was published
 * and published = delivered + dead-lettered with none stuck (not final once the grace period ran out); duplicates are
 * reported, with whether the audit timeline shows them, but do not fail it (at-least-once delivery allows them).
 *
 * @param kind               the fault
 * @param action             what was done, e.g. {@code kill -9 signer (pid 4242)}
 * @param notes              what was seen while it was held, e.g. {@code signer back up after 21.3 s}
 * @param accounting         where every notification ended up; null when the scenario could not run
 * @param publishFailures    notifications offered that the broker or ingest never took
 * @param firstPublishFailure the first such failure, or null
 * @param httpRetries        HTTP posts sent again because ingest could not take them at once
 * @param duplicatesChecked  duplicated notifications whose timeline was read
 * @param duplicatesVisible  of those, how many show more than one try in the timeline
 * @param took               how long the scenario ran, load to measurement
 * @param error              why the scenario could not run or be measured, or null
 */
record FaultResult(
        FaultKind kind,
        String action,
        List<String> notes,
        Accounting accounting,
        long publishFailures,
        String firstPublishFailure,
        long httpRetries,
        int duplicatesChecked,
        int duplicatesVisible,
        Duration took,
        String error) {

    FaultResult {
        notes = List.copyOf(notes);
    }

    static FaultResult failedToRun(FaultKind kind, String action, List<String> notes, Duration took, String error) {
        return new FaultResult(kind, action, notes, null, 0, null, 0, 0, 0, took, error);
    }

    boolean passed() {
        return error == null && accounting != null && accounting.lossFree();
    }

    /** Why it failed, one phrase each; empty when it passed. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (error != null) {
            problems.add("could not run: " + error);
        }
        if (accounting == null) {
            return problems;
        }
        if (accounting.published() == 0) {
            problems.add("nothing was published");
        }
        long missing = accounting.published() - accounting.delivered() - accounting.deadLettered();
        if (missing != 0) {
            problems.add(String.format(Locale.ROOT, "%,d published but neither delivered nor dead-lettered", missing));
        }
        if (accounting.stuck() > 0) {
            problems.add(
                    String.format(Locale.ROOT, "%,d stuck (not final after the grace period)", accounting.stuck()));
        }
        if (accounting.rejected() > 0) {
            problems.add(String.format(Locale.ROOT, "%,d rejected by ingest (valid requests)", accounting.rejected()));
        }
        return problems;
    }

    /** Observations worth a look that do not fail the rule. */
    List<String> findings() {
        List<String> findings = new ArrayList<>();
        if (accounting == null) {
            return findings;
        }
        if (accounting.phantoms() > 0) {
            findings.add(String.format(
                    Locale.ROOT,
                    "%,d DELIVERED in the audit store that the sandbox never accepted",
                    accounting.phantoms()));
        }
        if (duplicatesChecked > duplicatesVisible) {
            findings.add(String.format(
                    Locale.ROOT,
                    "%,d of %,d duplicated notifications show a single try in the audit timeline",
                    duplicatesChecked - duplicatesVisible,
                    duplicatesChecked));
        }
        if (publishFailures > 0) {
            findings.add(String.format(
                    Locale.ROOT,
                    "%,d notifications could not be published (first: %s)",
                    publishFailures,
                    firstPublishFailure));
        }
        return findings;
    }
}
