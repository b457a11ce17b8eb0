package io.herald.audit.search;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Keyset position after the last row of a page: that row's (first event time, id), as an opaque URL-safe string.
 *
 * @param at the last row's first event time (microsecond precision, as PostgreSQL stores it)
 */
record Cursor(Instant at, String id) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws InvalidSearchException when the text is not a cursor this service wrote */
    static Cursor decode(String text) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int bar = decoded.indexOf('|');
            if (bar < 0) {
                throw new InvalidSearchException("cursor", "is not a cursor returned by this API");
            }
            return new Cursor(Instant.parse(decoded.substring(0, bar)), decoded.substring(bar + 1));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidSearchException("cursor", "is not a cursor returned by this API");
        }
    }
}
