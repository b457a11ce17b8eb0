package io.herald.audit.operators;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Operator events, {@code herald.audit.operators.*}: what is worth telling the people who run Herald, and where.
 *
 * @param channel the chat channel operator notices are delivered to through Herald itself; empty: counted and logged only
 * @param pageUrl the audit page a notice links to, filtered on the cause
 * @param quietPeriod after a notice, how long the same event (kind and channel or provider) is counted but not told again
 * @param deadLetterThreshold dead letters of one channel within {@code deadLetterWindow} before operators are told
 * @param deadLetterWindow the window {@code deadLetterThreshold} is counted in
 * @param circuitOpenFor how long a channel's circuit stays open before operators are told
 * @param maxPending occurrences waiting to be judged at most; beyond, new ones are dropped (counted)
 */
@Validated
@ConfigurationProperties("herald.audit.operators")
record OperatorsProperties(
        @DefaultValue("") @Pattern(regexp = "|[a-z0-9_-]{1,63}", message = "must be a channel name ([a-z0-9_-], 1-63)")
        String channel,

        @DefaultValue("http://localhost:8084/") @NotNull URI pageUrl,
        @DefaultValue("15m") @NotNull Duration quietPeriod,
        @DefaultValue("1") @Min(1) int deadLetterThreshold,
        @DefaultValue("10m") @NotNull Duration deadLetterWindow,
        @DefaultValue("5m") @NotNull Duration circuitOpenFor,
        @DefaultValue("1000") @Min(1) int maxPending) {

    boolean tellsChannel() {
        return !channel.isEmpty();
    }
}
