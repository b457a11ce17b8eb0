package io.herald.bench.chaos;

import io.herald.stack.LocalStack;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The fault suite's waits: for the stack to be healthy before a fault, and for every notification to be final after. */
final class Settling {

    private static final Duration HEALTHY_WITHIN = Duration.ofMinutes(5);
    private static final Duration AUDIT_POLL = Duration.ofSeconds(5);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

    private final Duration grace;
    private final PrintStream progress;

    Settling(Duration grace, PrintStream progress) {
        this.grace = grace;
        this.progress = progress;
    }

    /**
     * Polls the audit store until every published notification is final (DELIVERED, DEAD_LETTERED; REJECTED counts as
     * settled too) or the grace period after the load stopped runs out; returns the last statuses seen.
     */
    Map<String, String> awaitFinal(
            AuditClient audit, String tenant, Map<String, Long> published, ReceiptLedger ledger, List<String> notes)
            throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        Map<String, String> statuses = Map.of();
        String lastError = null;
        long waitStart = System.nanoTime();
        while (true) {
            try {
                statuses = audit.statuses(tenant);
                lastError = null;
            } catch (Exception e) {
                lastError = e.getMessage();
            }
            long open = 0;
            for (String id : published.keySet()) {
                String status = statuses.getOrDefault(id, "UNKNOWN");
                if (!status.equals("DELIVERED") && !status.equals("DEAD_LETTERED") && !status.equals("REJECTED")) {
                    open++;
                }
            }
            if (open == 0 && lastError == null) {
                notes.add("all final " + Disruption.seconds(Duration.ofNanos(System.nanoTime() - waitStart))
                        + " after the load stopped");
                return statuses;
            }
            if (System.nanoTime() >= deadline) {
                notes.add(String.format(
                        Locale.ROOT,
                        "grace period (%s) over with %,d not final%s",
                        Disruption.seconds(grace),
                        open,
                        lastError == null ? "" : "; audit API: " + lastError));
                return statuses;
            }
            if (System.nanoTime() >= nextProgress) {
                long arrived = published.keySet().stream()
                        .filter(id -> ledger.of(id).accepted() > 0)
                        .count();
                progress.printf(
                        Locale.ROOT,
                        "  %,d of %,d not final yet (%,d arrived at the sandbox)%s%n",
                        open,
                        published.size(),
                        arrived,
                        lastError == null ? "" : "; audit API: " + lastError);
                nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
            }
            TimeUnit.NANOSECONDS.sleep(AUDIT_POLL.toNanos());
        }
    }

    /** Every component running and UP: the previous scenario's fault is over before the next one starts. */
    void awaitHealthy(LocalStack stack) throws InterruptedException {
        long deadline = System.nanoTime() + HEALTHY_WITHIN.toNanos();
        while (true) {
            List<String> notUp = stack.components().stream()
                    .filter(c -> !c.running() || !c.state().equals("UP"))
                    .map(c -> c.name() + " " + c.state())
                    .toList();
            if (notUp.isEmpty()) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException(
                        "the stack was not healthy before the fault: " + String.join(", ", notUp));
            }
            TimeUnit.SECONDS.sleep(1);
        }
    }
}
