package io.herald.audit.replay;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.herald.audit.replay.ReplayResult.Item;
import io.herald.audit.replay.ReplayResult.Outcome;
import io.herald.audit.search.InvalidSearchException;
import io.herald.audit.search.NotificationSearch;
import io.herald.audit.search.NotificationSummary;
import io.herald.audit.search.SearchFilter;
import io.herald.audit.search.SearchPage;
import io.herald.audit.store.AvroJson;
import io.herald.audit.store.NotificationStatus;
import io.herald.audit.store.TenantScope;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.provider.Provider;
import io.herald.contract.security.Caller;
import io.herald.contract.tracing.RecordTracing;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ReplayLineage;
import io.herald.schema.Source;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replays dead letters: re-publishes the stored {@link AcceptedNotification} to herald.accepted
 * ({@link AcceptedPublisher}) under a new id ({@code <original>-replay-<n>}), source REPLAY and {@link ReplayLineage},
 * so it takes the normal path and is signed afresh. Each replay locks the original's row, sends, waits for the ack and records a REPLAYED event in one
 * transaction, so concurrent requests cannot replay one dead letter twice. A caller replays only its tenants' dead
 * letters (another tenant's is NOT_FOUND, as if it did not exist).
 */
@Service
class ReplayService {

    private static final Logger log = LoggerFactory.getLogger(ReplayService.class);

    private final ReplayStore store;
    private final NotificationSearch search;
    private final AcceptedPublisher publisher;
    private final ReplayProperties properties;
    private final ChannelDirectory channels;

    private final TransactionTemplate transactions;
    private final RateLimiter rateLimiter;
    private final Clock clock;
    private final ObservationRegistry observations;

    public ReplayService(
            ReplayStore store,
            NotificationSearch search,
            AcceptedPublisher publisher,
            ReplayProperties properties,
            PlatformTransactionManager transactionManager,
            ObjectProvider<ObservationRegistry> observations,
            ChannelDirectory channels) {
        this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
        this.channels = channels;
        this.store = store;
        this.search = search;
        this.publisher = publisher;
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactionManager);
        this.rateLimiter = RateLimiter.of(
                "audit-replay",
                RateLimiterConfig.custom()
                        .limitForPeriod(properties.ratePerSecond())
                        .limitRefreshPeriod(Duration.ofSeconds(1))
                        .timeoutDuration(properties.maxWait())
                        .build());
        this.clock = Clock.systemUTC();
    }

    /** Replays what the request names among the caller's tenants' dead letters, recording the caller's name. */
    public ReplayResult replay(ReplayRequest request, Caller caller) {
        String requestedBy = caller.name();
        TenantScope scope = TenantScope.of(caller);
        List<String> ids = select(request, scope);
        Instant requestedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS); // Avro timestamp-millis
        List<Item> items = new ArrayList<>();
        boolean limited = false;
        for (String id : ids) {
            if (limited) {
                items.add(new Item(id, Outcome.RATE_LIMITED, null, null, "rate limit reached; ask again later"));
                continue;
            }
            Item item = transactions.execute(tx -> {
                Item result = replayOne(id, scope, request.dryRun(), request.force(), requestedBy, requestedAt);
                if (result.outcome() == Outcome.FAILED || result.outcome() == Outcome.RATE_LIMITED) {
                    tx.setRollbackOnly();
                }
                return result;
            });
            limited = item.outcome() == Outcome.RATE_LIMITED;
            items.add(item);
        }
        Map<Outcome, Integer> summary = new EnumMap<>(Outcome.class);
        items.forEach(i -> summary.merge(i.outcome(), 1, Integer::sum));
        return new ReplayResult(request.dryRun(), requestedBy, requestedAt, summary, items);
    }

    private Item replayOne(
            String id, TenantScope scope, boolean dryRun, boolean force, String requestedBy, Instant requestedAt) {
        var found = store.find(id, scope, !dryRun);
        if (found.isEmpty()) {
            return new Item(id, Outcome.NOT_FOUND, null, null, "audit has no notification with this id");
        }
        ReplayStore.Candidate candidate = found.get();
        if (candidate.status() != NotificationStatus.DEAD_LETTERED || candidate.acceptedNotificationJson() == null) {
            return new Item(
                    id,
                    Outcome.NOT_DEAD_LETTERED,
                    null,
                    null,
                    "status is " + candidate.status() + "; only dead letters are replayed");
        }
        int replayCount = candidate.replays() + 1;
        String replayId = id + "-replay-" + replayCount;
        if (candidate.replays() > 0 && !force) {
            return new Item(
                    id,
                    Outcome.ALREADY_REPLAYED,
                    null,
                    candidate.replays(),
                    "already replayed " + candidate.replays() + " time(s); send force=true to replay it again");
        }
        if (dryRun) {
            return new Item(id, Outcome.WOULD_REPLAY, replayId, replayCount, null);
        }
        if (!rateLimiter.acquirePermission()) {
            return new Item(id, Outcome.RATE_LIMITED, null, null, "rate limit reached; ask again later");
        }
        AcceptedNotification original =
                AvroJson.decode(candidate.acceptedNotificationJson(), AcceptedNotification.class);
        RouteStart start = routeStart(original);
        AcceptedNotification replay = AcceptedNotification.newBuilder(original)
                .setChannel(start.name())
                .setProvider(start.provider().id())
                .setRoute(null)
                .setNotificationId(replayId)
                .setIdempotencyKey(null)
                .setSource(Source.REPLAY)
                .setAcceptedAt(requestedAt)
                .setReplay(ReplayLineage.newBuilder()
                        .setOriginalNotificationId(id)
                        .setReplayCount(replayCount)
                        .setRequestedBy(requestedBy)
                        .setRequestedAt(requestedAt)
                        .build())
                .build();
        // the replay is traced under the operator's request, in a span that names the original and its trace
        Observation traced = Observation.createNotStarted("herald.replay", observations)
                .contextualName("replay " + id)
                .highCardinalityKeyValue(RecordTracing.NOTIFICATION_ID, replayId)
                .highCardinalityKeyValue("herald.replay.original.id", id)
                .highCardinalityKeyValue(
                        "herald.replay.original.trace.id", candidate.traceId() == null ? "" : candidate.traceId())
                .start();
        try (Observation.Scope inTrace = traced.openScope()) {
            publisher.publish(replay);
        } catch (AcceptedPublisher.NotAcknowledgedException e) {
            traced.error(e.getCause());
            if (e.interrupted()) {
                return new Item(id, Outcome.FAILED, null, null, "interrupted while waiting for the broker");
            }
            log.warn(
                    "replay of {} was not acknowledged by the broker: {}",
                    id,
                    e.getCause().toString());
            return new Item(
                    id,
                    Outcome.FAILED,
                    null,
                    null,
                    "the broker did not acknowledge the replay (" + e.getMessage() + ")");
        } finally {
            traced.stop();
        }
        store.recordReplay(id, replayCount, replayId, requestedBy, requestedAt);
        log.info("replayed dead letter {} as {} (replay {}, requested by {})", id, replayId, replayCount, requestedBy);
        return new Item(id, Outcome.REPLAYED, replayId, replayCount, null);
    }

    /**
     * The dead letters a request names: its ids (deduplicated, in order; each checked against the scope when replayed)
     * or the newest of the scope's tenants matching its filter.
     */
    private List<String> select(ReplayRequest request, TenantScope scope) {
        boolean byIds = request.ids() != null && !request.ids().isEmpty();
        if (byIds == (request.filter() != null)) {
            throw new InvalidSearchException("ids", "or filter: give exactly one of them");
        }
        if (byIds) {
            List<String> ids = List.copyOf(new LinkedHashSet<>(request.ids()));
            if (ids.size() > properties.maxPerRequest()) {
                throw new InvalidSearchException(
                        "ids",
                        "may name at most " + properties.maxPerRequest()
                                + " notifications (herald.audit.replay.max-per-request)");
            }
            return ids;
        }
        ReplayRequest.Filter f = request.filter();
        SearchFilter filter = io.herald.audit.search.Filters.deadLetters(
                f.channel(), f.provider(), f.tenant(), f.outcomeClass(), f.providerCode(), f.from(), f.to());
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            int want = Math.min(NotificationSearch.MAX_LIMIT, properties.maxPerRequest() - ids.size());
            SearchPage page = search.search(filter, scope, cursor, want);
            page.items().stream().map(NotificationSummary::id).forEach(ids::add);
            cursor = page.nextCursor();
        } while (cursor != null && ids.size() < properties.maxPerRequest());
        return ids;
    }

    /**
     * Where a replay starts: its route's first channel, not the fallback that gave up last (a replay goes along the
     * route again), with that channel's provider now; the notification's own channel when it has no route.
     */
    private RouteStart routeStart(AcceptedNotification original) {
        RouteStart own = new RouteStart(original.getChannel(), Provider.of(original.getProvider()));
        if (original.getRoute() == null) {
            return own;
        }
        return channels.entry(original.getRoute().getPrimaryChannel())
                .filter(entry -> !entry.deleted())
                .map(entry -> new RouteStart(entry.name(), entry.channel().providerType()))
                .orElse(own);
    }

    private record RouteStart(String name, Provider provider) {}
}
