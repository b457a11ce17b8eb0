package io.herald.audit.channels;

import io.herald.contract.security.Caller;
import io.herald.schema.ChannelState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The channel API under {@code /v1/channels}: READ reads, OPERATOR changes and tests
 * ({@code io.herald.audit.doors.AuditDoors}); every answer about one channel carries its version as {@code ETag}, and
 * changes honour {@code If-Match} (required on PUT). Bodies are read by {@link ChannelRequests} (size limit, unknown
 * properties, every problem named), the work is {@link ChannelService}'s and {@link ChannelTestSender}'s.
 */
@RestController
class ChannelController {

    private static final String CHANNEL = "/v1/channels/{name}";

    private final ChannelService channels;
    private final ChannelTestSender tests;
    private final ChannelRequests requests;

    ChannelController(ChannelService channels, ChannelTestSender tests, ChannelsProperties properties) {
        this.channels = channels;
        this.tests = tests;
        this.requests = new ChannelRequests(properties.maxRequestBody().toBytes(), properties.maxSecretBytes());
    }

    @Operation(
            summary = "List channels (role READ)",
            description = "The caller's tenants' channels and the shared"
                    + " ones, by name; deleted ones only with state=DELETED")
    @ApiResponse(
            responseCode = "200",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = ChannelView.class))))
    @GetMapping("/v1/channels")
    List<ChannelView> list(
            @RequestParam(required = false) String tenant,
            @RequestParam(required = false) String provider,
            @RequestParam(required = false) String state,
            @AuthenticationPrincipal Caller caller) {
        return channels.list(caller, tenant, provider, state);
    }

    @Operation(summary = "Read a channel (role READ)", description = "ETag: its version")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ChannelView.class)))
    @ApiResponse(responseCode = "404", description = "No such channel, or another tenant's")
    @GetMapping(CHANNEL)
    ResponseEntity<ChannelView> get(@PathVariable String name, @AuthenticationPrincipal Caller caller) {
        return answer(HttpStatus.OK, channels.get(caller, name));
    }

    @Operation(
            summary = "Create a channel (role OPERATOR)",
            description = "Secrets are sealed by the signer and never" + " shown again")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(schema = @Schema(implementation = ChannelRequest.Body.class)))
    @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = ChannelView.class)))
    @ApiResponse(responseCode = "400", description = "Invalid properties, each named in problems")
    @ApiResponse(responseCode = "403", description = "A tenant the caller does not act for")
    @ApiResponse(responseCode = "409", description = "A channel of this name exists")
    @ApiResponse(responseCode = "502", description = "The signer refused to seal a secret")
    @ApiResponse(responseCode = "503", description = "The signer or the broker is not reachable; nothing was changed")
    @PostMapping("/v1/channels")
    ResponseEntity<ChannelView> create(
            @Parameter(hidden = true) HttpServletRequest http, @AuthenticationPrincipal Caller caller)
            throws IOException {
        ChannelVersion created = channels.create(caller, requests.channel(requests.json(http.getInputStream()), null));
        return ResponseEntity.created(URI.create("/v1/channels/" + created.name()))
                .eTag(ETags.of(created.version()))
                .body(ChannelView.of(created));
    }

    @Operation(
            summary = "Replace a channel (role OPERATOR)",
            description =
                    "If-Match: the version read. Secrets given" + " replace that credential's; omitted ones are kept")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(schema = @Schema(implementation = ChannelRequest.Body.class)))
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ChannelView.class)))
    @ApiResponse(responseCode = "412", description = "Changed since the version in If-Match")
    @ApiResponse(responseCode = "428", description = "If-Match missing")
    @PutMapping(CHANNEL)
    ResponseEntity<ChannelView> replace(
            @PathVariable String name,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Parameter(hidden = true) HttpServletRequest http,
            @AuthenticationPrincipal Caller caller)
            throws IOException {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw ChannelProblem.of(
                    HttpStatus.PRECONDITION_REQUIRED,
                    "If-Match required",
                    "send If-Match with the version you read (its ETag, e.g. \"3\"), so a change made meanwhile is"
                            + " not overwritten");
        }
        ChannelRequest request = requests.channel(requests.json(http.getInputStream()), name);
        return answer(HttpStatus.OK, channels.replace(caller, ifMatch, request));
    }

    @Operation(summary = "Disable a channel: its notifications park until it is enabled (role OPERATOR)")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ChannelView.class)))
    @PostMapping(CHANNEL + "/disable")
    ResponseEntity<ChannelView> disable(
            @PathVariable String name,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @AuthenticationPrincipal Caller caller) {
        return answer(HttpStatus.OK, channels.changeState(caller, name, ifMatch, ChannelState.DISABLED));
    }

    @Operation(summary = "Enable a disabled channel (role OPERATOR)")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ChannelView.class)))
    @PostMapping(CHANNEL + "/enable")
    ResponseEntity<ChannelView> enable(
            @PathVariable String name,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @AuthenticationPrincipal Caller caller) {
        return answer(HttpStatus.OK, channels.changeState(caller, name, ifMatch, ChannelState.ACTIVE));
    }

    @Operation(
            summary = "Resume an ordered channel (role OPERATOR)",
            description = "Ends a stop: the notifications an ordered channel with onDeadLetter stop holds behind a"
                    + " dead letter go on, in order. A new version with orderResumedAt now; If-Match optional")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ChannelView.class)))
    @ApiResponse(responseCode = "404", description = "No such channel, or another tenant's")
    @ApiResponse(responseCode = "409", description = "The channel keeps no order (ordering none), or was deleted")
    @ApiResponse(responseCode = "412", description = "Changed since the version in If-Match")
    @PostMapping(CHANNEL + "/ordering/resume")
    ResponseEntity<ChannelView> resumeOrder(
            @PathVariable String name,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @AuthenticationPrincipal Caller caller) {
        return answer(HttpStatus.OK, channels.resumeOrder(caller, name, ifMatch));
    }

    @Operation(
            summary = "Delete a channel: new notifications are rejected, in-flight ones dead-lettered (role"
                    + " OPERATOR)")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ChannelView.class)))
    @ApiResponse(responseCode = "409", description = "Defined in the seed file")
    @DeleteMapping(CHANNEL)
    ResponseEntity<ChannelView> delete(
            @PathVariable String name,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @AuthenticationPrincipal Caller caller) {
        return answer(HttpStatus.OK, channels.changeState(caller, name, ifMatch, ChannelState.DELETED));
    }

    @Operation(summary = "Add a secret to a credential, e.g. the next one of a rotation (role OPERATOR)")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(schema = @Schema(implementation = SecretRequest.class)))
    @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = SecretAdded.class)))
    @PostMapping(CHANNEL + "/secrets/{credential}")
    ResponseEntity<SecretAdded> addSecret(
            @PathVariable String name,
            @PathVariable String credential,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Parameter(hidden = true) HttpServletRequest http,
            @AuthenticationPrincipal Caller caller)
            throws IOException {
        String value = requests.secretValue(requests.json(http.getInputStream()), credential);
        ChannelVersion version = channels.addSecret(caller, name, credential, value, ifMatch);
        String id = version.secrets().get(credential).getLast().id();
        return ResponseEntity.created(URI.create("/v1/channels/" + name + "/secrets/" + credential + "/" + id))
                .eTag(ETags.of(version.version()))
                .body(new SecretAdded(id, credential, ChannelView.of(version)));
    }

    @Operation(summary = "Retire a secret of a credential (role OPERATOR)", description = "Refused for the last one")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ChannelView.class)))
    @DeleteMapping(CHANNEL + "/secrets/{credential}/{id}")
    ResponseEntity<ChannelView> retireSecret(
            @PathVariable String name,
            @PathVariable String credential,
            @PathVariable String id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @AuthenticationPrincipal Caller caller) {
        return answer(HttpStatus.OK, channels.retireSecret(caller, name, credential, id, ifMatch));
    }

    @Operation(summary = "Every version of a channel: action, by, at, changed fields (role READ)")
    @ApiResponse(
            responseCode = "200",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = HistoryEntry.class))))
    @GetMapping(CHANNEL + "/history")
    List<HistoryEntry> history(@PathVariable String name, @AuthenticationPrincipal Caller caller) {
        return channels.history(caller, name);
    }

    @Operation(
            summary = "Send a test notification through the whole pipeline and answer its outcome (role OPERATOR)",
            description = "Chat providers get a fixed text; API providers need {\"apiCall\": {...}}. Waits for the"
                    + " outcome (wait, ISO-8601, default PT30S): 200 when final, 202 while still in flight")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = false,
            content = @Content(schema = @Schema(implementation = TestRequest.class)))
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TestOutcome.class)))
    @ApiResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = TestOutcome.class)))
    @PostMapping(CHANNEL + "/test")
    ResponseEntity<TestOutcome> test(
            @PathVariable String name,
            @RequestParam(required = false) String wait,
            @Parameter(hidden = true) HttpServletRequest http,
            @AuthenticationPrincipal Caller caller)
            throws IOException {
        var waitFor = tests.waitFor(wait);
        TestOutcome outcome = tests.test(caller, name, requests.json(http.getInputStream()), waitFor);
        return ResponseEntity.status(outcome.inFlight() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .body(outcome);
    }

    private static ResponseEntity<ChannelView> answer(HttpStatus status, ChannelVersion version) {
        return ResponseEntity.status(status).eTag(ETags.of(version.version())).body(ChannelView.of(version));
    }

    /** Body of adding a secret. */
    record SecretRequest(
            @Schema(description = "The secret; sealed by the signer, never shown again")
            String value) {}

    /** Answer of adding a secret: its id (for retiring it later) and the channel's new version. */
    record SecretAdded(String id, String credential, ChannelView channel) {}

    /** Body of a test: only API providers need one. */
    record TestRequest(
            @Schema(description = "For API providers: the call to make")
            Map<String, String> apiCall) {}
}
