package io.herald.ingest.intake;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per written outcome, for HTTP and herald.requests alike (under the logger {@code IntakeService}):
 * accepted at DEBUG, the rest at INFO; never the request's content.
 */
final class OutcomeLog {

    private static final Logger log = LoggerFactory.getLogger(IntakeService.class);

    private OutcomeLog() {}

    static void logOutcomes(List<IntakeRequest> requests, List<IntakeOutcome> outcomes) {
        for (int i = 0; i < requests.size() && i < outcomes.size(); i++) {
            logOutcome(requests.get(i), outcomes.get(i));
        }
    }

    static void logOutcome(IntakeRequest request, IntakeOutcome outcome) {
        switch (outcome) {
            case IntakeOutcome.Duplicate duplicate ->
                log.info(
                        "Duplicate of {} on channel {} from {}: nothing written",
                        duplicate.notificationId(),
                        request.channel(),
                        request.source());
            case IntakeOutcome.Accepted accepted ->
                log.debug(
                        "Accepted {} on channel {} from {}",
                        accepted.notificationId(),
                        request.channel(),
                        request.source());
            case IntakeOutcome.Conflict conflict ->
                log.info(
                        "Refused a request on channel {} from {}: its {} was taken " + "by {} for a different request",
                        request.channel() == null ? null : RequestValidator.abbreviate(request.channel()),
                        request.source(),
                        conflict.keyField(),
                        conflict.notificationId());
            case IntakeOutcome.Rejected rejected ->
                log.info(
                        "Rejected {} on channel {} from {}: {}",
                        rejected.notificationId(),
                        request.channel() == null ? null : RequestValidator.abbreviate(request.channel()),
                        request.source(),
                        rejected.violations().stream()
                                .map(v -> v.field() + " " + v.code())
                                .toList());
        }
    }
}
