package io.herald.audit.channels;

import io.herald.audit.replay.AcceptedPublisher;
import io.herald.audit.store.AuditStore;
import io.herald.audit.store.EventKind;
import io.herald.audit.store.EventRecord;
import io.herald.audit.store.NotificationRecord;
import io.herald.contract.provider.ContentProblem;
import io.herald.contract.provider.Provider;
import io.herald.contract.security.Caller;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ApiCall;
import io.herald.schema.ChatMessage;
import io.herald.schema.Mentions;
import io.herald.schema.MessageFormat;
import io.herald.schema.Source;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Sends a test notification through the whole pipeline: writes an {@link AcceptedNotification} (own id
 * {@code test-<uuid>}, attribute {@value #TEST_ATTRIBUTE}{@code =true}) to herald.accepted as a replay does
 * ({@link AcceptedPublisher}), then reads its status from the audit store (which records it from the topics like any
 * other) until it is final or the wait ends. Chat providers get a fixed text; API providers need the call to make ({@code apiCall}).
 */
@Component
class ChannelTestSender {

    static final String TEST_ATTRIBUTE = "herald.test";

    private static final Logger log = LoggerFactory.getLogger(ChannelTestSender.class);
    private static final Set<String> API_CALL = Set.of("action", "version", "region", "method", "path", "body");
    private static final Duration POLL = Duration.ofMillis(200);

    private final ChannelService channels;
    private final AuditStore audit;
    private final AcceptedPublisher publisher;
    private final ChannelsProperties properties;
    private final Clock clock = Clock.systemUTC();

    ChannelTestSender(
            ChannelService channels, AuditStore audit, AcceptedPublisher publisher, ChannelsProperties properties) {
        this.channels = channels;
        this.audit = audit;
        this.publisher = publisher;
        this.properties = properties;
    }

    /** The wait a request asks for ({@code ?wait=PT10S}), checked against the longest allowed. */
    Duration waitFor(String wait) {
        if (wait == null || wait.isBlank()) {
            return properties.testWait();
        }
        Duration asked;
        try {
            asked = Duration.parse(wait.strip());
        } catch (DateTimeParseException e) {
            throw ChannelProblem.invalid("wait", "must be an ISO-8601 duration such as PT10S");
        }
        if (asked.isNegative() || asked.compareTo(properties.testMaxWait()) > 0) {
            throw ChannelProblem.invalid(
                    "wait",
                    "must be between PT0S and " + properties.testMaxWait() + " (herald.audit.channels.test-max-wait)");
        }
        return asked;
    }

    TestOutcome test(Caller caller, String name, JsonNode body, Duration wait) {
        ChannelVersion channel = channels.get(caller, name);
        if (channel.state() != io.herald.schema.ChannelState.ACTIVE) {
            throw ChannelProblem.of(
                    HttpStatus.CONFLICT,
                    "Channel not active",
                    "channel '" + name + "' is " + channel.state().name().toLowerCase(java.util.Locale.ROOT)
                            + " (version " + channel.version() + "): a test would not be delivered");
        }
        Provider provider = channel.channel().providerType();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Object content = content(provider, body, name, caller, now);
        String id = "test-" + UUID.randomUUID();
        AcceptedNotification notification = AcceptedNotification.newBuilder()
                .setNotificationId(id)
                .setChannel(name)
                .setProvider(provider.id())
                .setTenant(tenant(caller, channel))
                .setContent(content)
                .setAttributes(Map.of(TEST_ATTRIBUTE, "true"))
                .setSource(Source.HTTP)
                .setAcceptedAt(now)
                .build();
        try {
            publisher.publish(notification);
        } catch (AcceptedPublisher.NotAcknowledgedException e) {
            throw notSent(name, e.getMessage());
        }
        log.info("test notification {} sent to channel {} (by {})", id, name, caller.name());
        return await(id, clock.instant().plus(wait));
    }

    private TestOutcome await(String id, Instant deadline) {
        while (true) {
            Optional<NotificationRecord> record = audit.findNotification(id);
            boolean done = record.map(r -> r.status().isTerminal()).orElse(false);
            if (done || !clock.instant().isBefore(deadline)) {
                return outcome(id, record, !done);
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return outcome(id, record, true);
            }
        }
    }

    private TestOutcome outcome(String id, Optional<NotificationRecord> record, boolean inFlight) {
        List<TestOutcome.Attempt> attempts = new ArrayList<>();
        String reason = null;
        for (EventRecord event : record.isPresent() ? audit.events(id) : List.<EventRecord>of()) {
            if (event.kind() == EventKind.ATTEMPT) {
                attempts.add(new TestOutcome.Attempt(
                        event.attempt(),
                        event.outcome(),
                        event.attemptFacts().httpStatus(),
                        event.attemptFacts().providerCode(),
                        event.attemptFacts().providerMessage(),
                        event.attemptFacts().error()));
            } else if (event.kind() == EventKind.DEAD_LETTER) {
                reason = event.reason();
            }
        }
        String status = record.map(r -> r.status().name()).orElse("ACCEPTED");
        return new TestOutcome(id, status, inFlight, attempts, reason);
    }

    /** The channel's tenant; for a shared one the caller's only tenant (so it sees the test), else none. */
    private static String tenant(Caller caller, ChannelVersion channel) {
        if (channel.tenant() != null) {
            return channel.tenant();
        }
        return !caller.actsForEveryTenant() && caller.tenants().size() == 1
                ? caller.tenants().iterator().next()
                : null;
    }

    private static Object content(Provider provider, JsonNode body, String name, Caller caller, Instant now) {
        List<String> problems = new ArrayList<>();
        if (body != null && !body.isObject()) {
            throw ChannelProblem.invalid("(body)", "must be a JSON object or empty");
        }
        if (body != null) {
            body.propertyNames().stream()
                    .filter(p -> !p.equals("apiCall"))
                    .forEach(p -> problems.add(p + ": unknown property; known: apiCall"));
        }
        JsonNode call = body == null ? null : body.get("apiCall");
        if (provider.kind() == Provider.Kind.CHAT) {
            if (call != null) {
                problems.add("apiCall: only for API providers; " + provider.id() + " is sent a fixed test text");
            }
            if (!problems.isEmpty()) {
                throw ChannelProblem.invalid(problems);
            }
            return ChatMessage.newBuilder()
                    .setTitle("Herald test")
                    .setText("Herald test message for channel " + name + " (sent by " + caller.name() + " at " + now
                            + ")")
                    .setFormat(MessageFormat.TEXT)
                    .setMentions(Mentions.newBuilder().build())
                    .build();
        }
        if (call == null || !call.isObject()) {
            problems.add("apiCall: required for " + provider.id() + " (an API provider): the call to make, e.g."
                    + " {\"action\": ..., \"version\": ..., \"path\": \"/\", \"body\": \"{}\"}");
            throw ChannelProblem.invalid(problems);
        }
        call.propertyNames().stream()
                .filter(p -> !API_CALL.contains(p))
                .forEach(p -> problems.add(
                        "apiCall." + p + ": unknown property; known: " + new java.util.TreeSet<>(API_CALL)));
        Map<String, String> fields = new java.util.HashMap<>();
        for (String field : API_CALL) {
            JsonNode value = call.get(field);
            if (value != null && !value.isNull() && !value.isString()) {
                problems.add("apiCall." + field + ": must be a string");
            } else if (value != null && !value.isNull()) {
                fields.put(field, value.stringValue());
            }
        }
        if (problems.isEmpty()) {
            ApiCall apiCall = ApiCall.newBuilder()
                    .setAction(fields.get("action"))
                    .setVersion(fields.get("version"))
                    .setRegion(fields.get("region"))
                    .setMethod(fields.getOrDefault("method", "POST"))
                    .setPath(fields.getOrDefault("path", "/"))
                    .setBody(fields.get("body"))
                    .build();
            for (ContentProblem problem : provider.problems(apiCall)) {
                problems.add(problem.field() + ": " + problem.message());
            }
            if (problems.isEmpty()) {
                return apiCall;
            }
        }
        throw ChannelProblem.invalid(problems);
    }

    private static ChannelProblem notSent(String name, String reason) {
        return ChannelProblem.of(
                HttpStatus.SERVICE_UNAVAILABLE,
                "Test not sent",
                "the broker did not acknowledge the test notification for channel '" + name + "' (" + reason
                        + "); try again");
    }
}
