package io.herald.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the CLI's durations ({@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}) and points in time. */
public final class Durations {

    private static final Pattern AMOUNT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    public static Duration parse(String flag, String value) {
        Matcher m = AMOUNT.matcher(value == null ? "" : value.strip());
        if (!m.matches()) {
            throw CliException.usage(
                    flag + ": expected a duration such as 500ms, 30s, 5m, 2h or 7d, got '" + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /**
     * An ISO-8601 instant ({@code 2025-03-01T08:00:00Z}), a day ({@code 2025-03-01}, from midnight UTC) or an age
     * ({@code 2h}: two hours before now); null when not given.
     */
    public static Instant instant(String flag, String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String given = value.strip();
        if (AMOUNT.matcher(given).matches()) {
            return clock.instant().minus(parse(flag, given));
        }
        try {
            return given.length() == 10
                    ? LocalDate.parse(given).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(given);
        } catch (DateTimeParseException e) {
            throw CliException.usage(
                    flag + ": expected an instant (2025-03-01T08:00:00Z), a day (2025-03-01) or an age "
                            + "(30m, 2h, 7d), got '" + given + "'");
        }
    }

    /** Seconds with at most three decimals and a sign, for offsets: {@code +0.012 s}. */
    public static String seconds(double seconds, boolean signed) {
        String number = String.format(java.util.Locale.ROOT, signed ? "%+.3f" : "%.3f", seconds);
        return number + " s";
    }
}
