package io.herald.signer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the signer consumes and writes ({@code herald.signer.*}); defaults are in {@code application.yml}. How long it
 * waits for the broker's acknowledgements is the shared {@code herald.kafka.send-timeout}.
 *
 * @param maxDuePause longest a retry tier partition is paused for a retry that is not yet due before it is
 *     checked again (keeps a clock correction or a shortened tier from being waited out)
 * @param failureBackoffInitial first pause after a record failed to be signed or written
 * @param failureBackoffMax longest pause between attempts; a failing record is retried indefinitely
 */
@Validated
@ConfigurationProperties("herald.signer")
public record SignerProperties(
        @DefaultValue("5s") Duration maxDuePause,
        @DefaultValue("1s") Duration failureBackoffInitial,
        @DefaultValue("1m") Duration failureBackoffMax) {

    public SignerProperties {
        requirePositive("herald.signer.max-due-pause", maxDuePause);
        requirePositive("herald.signer.failure-backoff-initial", failureBackoffInitial);
        requirePositive("herald.signer.failure-backoff-max", failureBackoffMax);
        if (failureBackoffMax.compareTo(failureBackoffInitial) < 0) {
            throw new IllegalArgumentException(
                    "herald.signer.failure-backoff-max: must not be shorter than herald.signer.failure-backoff-initial");
        }
    }

    private static void requirePositive(String property, Duration value) {
        if (value == null || !value.isPositive()) {
            throw new IllegalArgumentException(property + ": must be a positive duration");
        }
    }
}
