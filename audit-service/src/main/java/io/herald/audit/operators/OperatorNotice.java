package io.herald.audit.operators;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The words operators get for a claimed event, with a link to the audit page filtered on its cause. */
final class OperatorNotice {

    private OperatorNotice() {}

    static String title(Signal signal) {
        return switch (signal.kind()) {
            case DEAD_LETTERS -> "Herald: channel " + signal.subject() + " dead-lettered notifications";
            case CIRCUIT_OPEN -> "Herald: channel " + signal.subject() + " is not being sent to (circuit open)";
            case CLOCK_UNTRUSTED -> "Herald: the signer does not trust its clock for " + signal.subject();
            case ENDPOINT_GONE -> "Herald: channel " + signal.subject() + "'s endpoint is gone";
        };
    }

    static String text(Signal signal, OperatorEventStore.Claim claim, URI pageUrl) {
        String what = switch (signal.kind()) {
            case DEAD_LETTERS ->
                "Notifications to channel " + signal.subject() + " (" + signal.provider()
                        + ") were dead-lettered: they will not be sent unless replayed.";
            case CIRCUIT_OPEN ->
                "The circuit of channel " + signal.subject() + " (" + signal.provider()
                        + ") stays open: nothing is sent to it; its notifications wait, or go on along its route"
                        + " when it has one.";
            case CLOCK_UNTRUSTED ->
                "The signer refuses to sign for " + signal.subject()
                        + ": its clock's error bound exceeds the provider's tolerance; notifications wait"
                        + " unsent until it is trusted again.";
            case ENDPOINT_GONE ->
                "The endpoint of channel " + signal.subject() + " (" + signal.provider()
                        + ") answered 410 Gone: Herald stopped sending to it until the channel is changed.";
        };
        String since =
                claim.firstAt() == null ? "" : " since " + claim.firstAt().truncatedTo(ChronoUnit.SECONDS);
        return title(signal) + "\n" + what + "\nLatest: " + claim.detail() + "\n" + claim.occurrences()
                + (claim.occurrences() == 1 ? " occurrence" : " occurrences") + since + ".\nAudit: "
                + link(signal, pageUrl);
    }

    /** The audit page, searching what the event is about ({@code #channel=...&status=...}: the page reads it). */
    static String link(Signal signal, URI pageUrl) {
        Map<String, String> filter = new LinkedHashMap<>();
        switch (signal.kind()) {
            case DEAD_LETTERS -> {
                filter.put("channel", signal.subject());
                filter.put("status", "DEAD_LETTERED");
            }
            // not filtered on status: behind an open circuit a notification waits, or is delivered along its route
            case CIRCUIT_OPEN -> filter.put("channel", signal.subject());
            case CLOCK_UNTRUSTED -> {
                filter.put("provider", signal.subject());
                filter.put("class", "RESIGN");
            }
            case ENDPOINT_GONE -> {
                filter.put("channel", signal.subject());
                filter.put("class", "PERMANENT");
            }
        }
        filter.put(
                "from",
                signal.at()
                        .minus(1, ChronoUnit.HOURS)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString());
        return pageUrl + "#"
                + filter.entrySet().stream()
                        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
    }
}
