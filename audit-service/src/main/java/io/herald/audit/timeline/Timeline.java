package io.herald.audit.timeline;

import io.herald.audit.store.EventRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a notification's timeline from its stored events: one entry per event, plus a {@code SIGNED} entry derived
 * from each attempt's signing time and a {@code PACED} one for a wait for the channel's rate window (a try parked until
 * its slot is shown as that wait, not as an attempt), and a {@code WAITING} one for a try its ordered channel held
 * (behind an earlier notification, or while the channel is stopped: a wait too, not an attempt). Entries are ordered by time; ties keep the lifecycle order (accepted or rejected,
 * signed, attempt, dead letter), then the attempt number, then the order audit stored the events in. The
 * {@code WAITING} entry for an unserved provider, when given, comes last whatever its time: it says where the
 * notification stands now.
 */
final class Timeline {

    private Timeline() {}

    public static List<TimelineEntry> of(List<EventRecord> events) {
        return of(events, java.util.Map.of());
    }

    /** @param replayStatuses where each replay named by a REPLAYED event stands now, by replay id (missing: unknown yet) */
    public static List<TimelineEntry> of(
            List<EventRecord> events, java.util.Map<String, io.herald.audit.store.NotificationStatus> replayStatuses) {
        return of(events, replayStatuses, null);
    }

    /** @param waiting why the notification does not move, or null */
    static List<TimelineEntry> of(
            List<EventRecord> events,
            java.util.Map<String, io.herald.audit.store.NotificationStatus> replayStatuses,
            TimelineEntry.Waiting waiting) {
        List<Sortable> entries = new ArrayList<>();
        Set<String> signatures = new HashSet<>();
        for (EventRecord e : events) {
            long seq = e.id() == null ? Long.MAX_VALUE : e.id();
            switch (e.kind()) {
                case ACCEPTED ->
                    entries.add(new Sortable(
                            new TimelineEntry.Accepted(e.occurredAt(), e.source()), Step.ACCEPTED, 0, seq));
                case REJECTED ->
                    entries.add(new Sortable(
                            new TimelineEntry.Rejected(
                                    e.occurredAt(),
                                    e.source(),
                                    e.violations() == null ? List.of() : e.violations(),
                                    e.rawPayloadBytes(),
                                    e.rawPayloadPreview(),
                                    e.origin()),
                            Step.REJECTED,
                            0,
                            seq));
                case ATTEMPT -> {
                    EventRecord.AttemptFacts a = e.attemptFacts();
                    // A send repeated after a dispatcher crash reuses its signature: show the signing once.
                    if (a.signedAt() != null && signatures.add(e.attempt() + "@" + a.signedAt())) {
                        entries.add(new Sortable(
                                new TimelineEntry.Signed(a.signedAt(), e.attempt()), Step.SIGNED, e.attempt(), seq));
                    }
                    if (e.waitsInOrder()) {
                        entries.add(new Sortable(waitingInOrder(e), Step.WAITING, e.attempt(), seq));
                        continue;
                    }
                    if (e.pacedAndParked()) {
                        entries.add(new Sortable(parked(e), Step.PACED, e.attempt(), seq));
                        continue;
                    }
                    if (a.pacedMs() != null && a.pacedMs() > 0) {
                        entries.add(new Sortable(waitedInLane(e), Step.PACED, e.attempt(), seq));
                    }
                    entries.add(new Sortable(
                            new TimelineEntry.Attempt(
                                    e.occurredAt(),
                                    e.attempt(),
                                    e.outcome(),
                                    a.httpStatus(),
                                    a.providerCode(),
                                    a.providerMessage(),
                                    a.latencyMs(),
                                    a.error(),
                                    a.dispatcher(),
                                    a.responseDate(),
                                    a.notSentCause(),
                                    a.pacedMs(),
                                    a.channel(),
                                    a.explanation()),
                            Step.ATTEMPT,
                            e.attempt(),
                            seq));
                    if (a.reroutedTo() != null) {
                        entries.add(new Sortable(
                                new TimelineEntry.Rerouted(
                                        e.occurredAt(), e.attempt(), a.channel(), a.reroutedTo(), summary(e)),
                                Step.REROUTED,
                                e.attempt(),
                                seq));
                    }
                }
                case DEAD_LETTER ->
                    entries.add(new Sortable(
                            new TimelineEntry.DeadLetter(e.occurredAt(), e.outcome(), e.reason(), e.attempt()),
                            Step.DEAD_LETTER,
                            e.attempt(),
                            seq));
                case REPLAYED -> {
                    var status = replayStatuses.get(e.replayId());
                    entries.add(new Sortable(
                            new TimelineEntry.Replayed(
                                    e.occurredAt(),
                                    e.replayId(),
                                    e.attempt(),
                                    e.requestedBy(),
                                    status == null ? null : status.name()),
                            Step.REPLAYED,
                            e.attempt(),
                            seq));
                }
            }
        }
        List<TimelineEntry> timeline = new ArrayList<>(
                entries.stream().sorted(ORDER).map(Sortable::entry).toList());
        if (waiting != null) {
            timeline.add(waiting);
        }
        return List.copyOf(timeline);
    }

    /** An attempt's outcome in one line: the provider's code and message, its HTTP status, or its error. */
    static String summary(EventRecord e) {
        EventRecord.AttemptFacts a = e.attemptFacts();
        if (a.providerCode() != null) {
            return e.outcome() + " " + a.providerCode()
                    + (a.providerMessage() == null || a.providerMessage().isEmpty() ? "" : " " + a.providerMessage());
        }
        if (a.httpStatus() != null) {
            return e.outcome() + " HTTP " + a.httpStatus();
        }
        return e.outcome() + (a.error() == null ? "" : " " + a.error());
    }

    /** A try parked until its slot in its channel's window. */
    private static TimelineEntry.Paced parked(EventRecord e) {
        String why = notSentWhy(e.attemptFacts());
        return new TimelineEntry.Paced(
                e.occurredAt(), e.attempt(), true, null, "parked until its slot (a wait, not a failure): " + why);
    }

    /** A try its ordered channel held: behind an earlier notification, or while the channel is stopped. */
    private static TimelineEntry.Waiting waitingInOrder(EventRecord e) {
        EventRecord.AttemptFacts a = e.attemptFacts();
        String why = notSentWhy(a);
        if (why.isBlank()) {
            why = a.waitingBehind() != null
                    ? "waiting behind notification " + a.waitingBehind() + " on its ordered channel"
                    : "its ordered channel is stopped until an operator resumes it";
        }
        return new TimelineEntry.Waiting(
                e.occurredAt(),
                e.attempt(),
                null,
                null,
                a.waitingBehind(),
                a.notSentCause(),
                "held by its ordered channel (a wait, not a failure): " + why);
    }

    /** What the dispatcher said of a try it did not send, without "not sent: ". */
    private static String notSentWhy(EventRecord.AttemptFacts a) {
        String why = a.error() == null ? "" : a.error();
        return why.startsWith(NOT_SENT) ? why.substring(NOT_SENT.length()) : why;
    }

    /** A sent try that waited in its lane first: the wait, from when it began. */
    private static TimelineEntry.Paced waitedInLane(EventRecord e) {
        long pacedMs = e.attemptFacts().pacedMs();
        return new TimelineEntry.Paced(
                e.occurredAt().minusMillis(pacedMs),
                e.attempt(),
                false,
                pacedMs,
                "waited " + seconds(pacedMs) + " in its lane for its channel's rate window, then sent");
    }

    /** 41 s, 1.5 s, 0.2 s. */
    static String seconds(long millis) {
        if (millis >= 10_000) {
            return Math.round(millis / 1000.0) + " s";
        }
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static final String NOT_SENT = "not sent: ";

    /** Lifecycle order, the tiebreak for entries at the same instant. */
    private enum Step {
        ACCEPTED,
        REJECTED,
        SIGNED,
        PACED,
        WAITING,
        ATTEMPT,
        REROUTED,
        DEAD_LETTER,
        REPLAYED
    }

    private record Sortable(TimelineEntry entry, Step step, int attempt, long seq) {
        Instant at() {
            return entry.at();
        }
    }

    private static final Comparator<Sortable> ORDER = Comparator.comparing(Sortable::at)
            .thenComparing(Sortable::step)
            .thenComparingInt(Sortable::attempt)
            .thenComparingLong(Sortable::seq);
}
