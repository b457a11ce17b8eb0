package io.herald.audit.search;

import io.herald.audit.store.NotificationStatus;
import io.herald.audit.store.TenantScope;
import io.herald.contract.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lists for people and tools: {@code GET /v1/notifications} (search), {@code GET /v1/dead-letters} (the same filters,
 * dead letters only) and {@code GET /v1/counts} (per status, provider and channel over a time range), each over the
 * notifications of the caller's tenants only. Every parameter is optional; an unusable one is answered 400 naming it.
 */
@RestController
class SearchController {

    private final NotificationSearch search;

    SearchController(NotificationSearch search) {
        this.search = search;
    }

    @Operation(
            summary = "Search notifications (role READ)",
            description = "Newest first; pass nextCursor back as cursor")
    @ApiResponse(responseCode = "400", description = "A parameter that cannot be used, named in parameter")
    @ApiResponse(
            responseCode = "200",
            description = "A page of notifications; nextCursor while more remain",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SearchPage.class)))
    @GetMapping("/v1/notifications")
    SearchPage notifications(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String channel,
            @RequestParam(required = false) String provider,
            @RequestParam(required = false) String tenant,
            @RequestParam(name = "class", required = false) String outcomeClass,
            @RequestParam(required = false) String providerCode,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit,
            @AuthenticationPrincipal Caller caller) {
        return search.search(
                filter(status, channel, provider, tenant, outcomeClass, providerCode, from, to),
                TenantScope.of(caller),
                cursor,
                limit);
    }

    @Operation(summary = "List dead letters (role READ)", description = "The search's filters, dead letters only")
    @ApiResponse(responseCode = "400", description = "A parameter that cannot be used, named in parameter")
    @ApiResponse(
            responseCode = "200",
            description = "A page of dead letters; nextCursor while more remain",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SearchPage.class)))
    @GetMapping("/v1/dead-letters")
    SearchPage deadLetters(
            @RequestParam(required = false) String channel,
            @RequestParam(required = false) String provider,
            @RequestParam(required = false) String tenant,
            @RequestParam(name = "class", required = false) String outcomeClass,
            @RequestParam(required = false) String providerCode,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit,
            @AuthenticationPrincipal Caller caller) {
        return search.search(
                filter("DEAD_LETTERED", channel, provider, tenant, outcomeClass, providerCode, from, to),
                TenantScope.of(caller),
                cursor,
                limit);
    }

    @Operation(summary = "Count notifications per status, provider and channel (role READ)")
    @ApiResponse(responseCode = "400", description = "A parameter that cannot be used, named in parameter")
    @ApiResponse(
            responseCode = "200",
            description = "Counts per status, provider and channel",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = NotificationSearch.Counts.class)))
    @GetMapping("/v1/counts")
    NotificationSearch.Counts counts(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @AuthenticationPrincipal Caller caller) {
        return search.counts(instant("from", from), instant("to", to), TenantScope.of(caller));
    }

    /** Builds a filter from query parameters; blank means "not given". */
    static SearchFilter filter(
            String status,
            String channel,
            String provider,
            String tenant,
            String outcomeClass,
            String providerCode,
            String from,
            String to) {
        return new SearchFilter(
                status(status),
                blankToNull(channel),
                blankToNull(provider),
                blankToNull(tenant),
                outcomeClass(outcomeClass),
                blankToNull(providerCode),
                instant("from", from),
                instant("to", to));
    }

    private static NotificationStatus status(String value) {
        String given = blankToNull(value);
        if (given == null) {
            return null;
        }
        try {
            return NotificationStatus.valueOf(given.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSearchException(
                    "status", "must be one of ACCEPTED, RETRYING, DELIVERED, DEAD_LETTERED, REJECTED");
        }
    }

    private static String outcomeClass(String value) {
        String given = blankToNull(value);
        if (given == null) {
            return null;
        }
        String upper = given.toUpperCase(Locale.ROOT);
        if (!java.util.Set.of("DELIVERED", "RETRYABLE", "RESIGN", "PERMANENT").contains(upper)) {
            throw new InvalidSearchException("class", "must be one of DELIVERED, RETRYABLE, RESIGN, PERMANENT");
        }
        return upper;
    }

    static Instant instant(String name, String value) {
        String given = blankToNull(value);
        if (given == null) {
            return null;
        }
        try {
            return Instant.parse(given);
        } catch (DateTimeParseException e) {
            throw new InvalidSearchException(name, "must be an ISO-8601 instant such as 2025-03-01T08:00:00Z");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
