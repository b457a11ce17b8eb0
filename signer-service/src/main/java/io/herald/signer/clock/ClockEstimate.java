package io.herald.signer.clock;

import java.time.Duration;
import java.util.List;

/**
 * The combined estimate of true time minus host time: the true offset lies within {@code offset ± bound} as long
 * as the majority of sources ({@code truechimers}) are right. Sources that disagree with that majority are
 * {@code falsetickers} and are not used.
 */
public record ClockEstimate(Duration offset, Duration bound, List<String> truechimers, List<String> falsetickers) {

    public ClockEstimate {
        truechimers = List.copyOf(truechimers);
        falsetickers = List.copyOf(falsetickers);
    }
}
