package io.herald.audit.channels;

import io.herald.contract.channel.ChannelCatalog;
import io.herald.contract.channel.ChannelRules;
import io.herald.contract.security.Caller;
import io.herald.schema.ChannelOrigin;
import io.herald.schema.ChannelState;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The channel API's operations: reads scoped to the caller's tenants ({@link ChannelAccess}), and changes that each
 * become a new version through {@link ChannelWriter}, checked against the version the caller read ({@code If-Match})
 * and the rules of issue 20 (a seed channel is never deleted through the API; the last secret of a credential is not
 * retired). Submitted secrets are sealed by the signer first ({@link SecretSealer}) and only their sealed form is kept.
 */
@Service
class ChannelService {

    private final ChannelStore store;
    private final ChannelWriter writer;
    private final SecretSealer sealer;
    private final ChannelCatalog seed;
    private final String seedFile;
    private final Clock clock = Clock.systemUTC();

    ChannelService(
            ChannelStore store,
            ChannelWriter writer,
            SecretSealer sealer,
            ChannelCatalog seed,
            org.springframework.core.env.Environment environment) {
        this.store = store;
        this.writer = writer;
        this.sealer = sealer;
        this.seed = seed;
        this.seedFile = environment.getProperty("herald.channels-file", "config/channels.yml");
    }

    /** The caller's visible channels, by name; deleted ones only when asked for by state. */
    List<ChannelView> list(Caller caller, String tenant, String provider, String state) {
        ChannelState wanted = state(state);
        return store.currentAll().stream()
                .filter(c -> ChannelAccess.visible(caller, c))
                .filter(c -> wanted == null ? !c.deleted() : c.state() == wanted)
                .filter(c -> tenant == null || tenant.isBlank() || tenant.equals(c.tenant()))
                .filter(c -> provider == null
                        || provider.isBlank()
                        || provider.equals(c.channel().provider()))
                .map(ChannelView::of)
                .toList();
    }

    /** The current version of a channel the caller may see (deleted ones too, with their state). */
    ChannelVersion get(Caller caller, String name) {
        return store.current(name)
                .filter(c -> ChannelAccess.visible(caller, c))
                .orElseThrow(() -> ChannelProblem.notFound(name));
    }

    List<HistoryEntry> history(Caller caller, String name) {
        get(caller, name);
        return store.history(name).stream().map(HistoryEntry::of).toList();
    }

    ChannelVersion create(Caller caller, ChannelRequest request) {
        ChannelVersion current = store.current(request.name()).orElse(null);
        if (current != null && !current.deleted()) {
            throw exists(request.name());
        }
        String tenant = ChannelAccess.tenant(caller, request, null);
        checkRoute(request, tenant);
        Instant now = now();
        var secrets = seal(request, Map.of(), nextNumbers(request.name()), caller, now);
        ChannelVersion created = ChannelVersion.after(
                current,
                request.name(),
                ChannelAction.CREATED,
                ChannelOrigin.API,
                tenant,
                ChannelState.ACTIVE,
                request.channel(),
                secrets,
                caller.name(),
                now);
        try {
            writer.write(created);
        } catch (DuplicateKeyException e) {
            throw exists(request.name());
        }
        return created;
    }

    ChannelVersion replace(Caller caller, String ifMatch, ChannelRequest request) {
        ChannelVersion current = changeable(caller, request.name(), ifMatch);
        String tenant = ChannelAccess.tenant(caller, request, current);
        checkRoute(request, tenant);
        Instant now = now();
        // a credential now given as a reference drops its submitted secrets; the others keep theirs unless resubmitted
        Map<String, List<SealedSecret>> kept = new LinkedHashMap<>(current.secrets());
        kept.keySet().removeIf(credential -> request.channel().credentials().containsKey(credential));
        var secrets = seal(request, kept, nextNumbers(request.name()), caller, now);
        ChannelVersion replaced = ChannelVersion.after(
                current,
                current.name(),
                ChannelAction.UPDATED,
                ChannelOrigin.API,
                tenant,
                current.state(),
                // no body carries it: losing it would bring back a stop an operator ended
                OrderingSpelling.resumedAt(request.channel(), current.channel().orderResumedAt()),
                secrets,
                caller.name(),
                now);
        if (replaced.changedFields().isEmpty() && current.origin() == ChannelOrigin.API) {
            return current; // nothing to change: no new version
        }
        return write(replaced);
    }

    /** Disables, enables or deletes: a new version in that state, or the current one when it is in it already. */
    ChannelVersion changeState(Caller caller, String name, String ifMatch, ChannelState target) {
        ChannelVersion current = changeable(caller, name, ifMatch);
        if (current.state() == target) {
            return current;
        }
        if (target == ChannelState.DELETED && seed.find(name).isPresent()) {
            throw ChannelProblem.of(
                    HttpStatus.CONFLICT,
                    "Seed channel",
                    "channel '" + name + "' is defined in the seed file " + seedFile + " (herald.channels-file):"
                            + " remove it there (the next start deletes it), or disable it here");
        }
        ChannelAction action = switch (target) {
            case ACTIVE -> ChannelAction.ENABLED;
            case DISABLED -> ChannelAction.DISABLED;
            case DELETED -> ChannelAction.DELETED;
        };
        return write(current.inState(target, action, ChannelOrigin.API, caller.name(), now()));
    }

    /**
     * Resumes an ordered channel: a new version with {@code orderResumedAt} now, which ends a stop made before it (the
     * dispatcher lets the notifications held behind a dead letter go). Keeps the version's origin: a resume is no
     * change of the definition, so a seed channel goes on following the seed file.
     */
    ChannelVersion resumeOrder(Caller caller, String name, String ifMatch) {
        ChannelVersion current = changeable(caller, name, ifMatch);
        if (!current.channel().strictOrder()) {
            throw ChannelProblem.of(
                    HttpStatus.CONFLICT,
                    "Channel not ordered",
                    "channel '" + name + "' keeps no order (ordering none), so nothing waits to be resumed; an"
                            + " ordered channel has ordering strict (PUT /v1/channels/" + name + ")");
        }
        Instant now = now();
        return write(ChannelVersion.after(
                current,
                name,
                ChannelAction.ORDER_RESUMED,
                current.origin(),
                current.tenant(),
                current.state(),
                OrderingSpelling.resumedAt(current.channel(), now),
                current.secrets(),
                caller.name(),
                now));
    }

    /** Adds a secret to a credential; answers the new version, whose newest secret of that credential is the one added. */
    ChannelVersion addSecret(Caller caller, String name, String credential, String value, String ifMatch) {
        ChannelVersion current = changeable(caller, name, ifMatch);
        if (current.channel().credentials().containsKey(credential)) {
            throw ChannelProblem.of(
                    HttpStatus.CONFLICT,
                    "Credential is a reference",
                    "credential '" + credential + "' is given as a reference (credentials." + credential
                            + "): replace the channel with PUT to give it as a secret instead");
        }
        Instant now = now();
        int number = nextNumbers(name).getOrDefault(credential, 1);
        SealedSecret sealed = sealer.seal(name, credential, value, "s" + number, caller.name(), now);
        Map<String, List<SealedSecret>> secrets = new LinkedHashMap<>(current.secrets());
        List<SealedSecret> list = new ArrayList<>(secrets.getOrDefault(credential, List.of()));
        list.add(sealed);
        secrets.put(credential, list);
        return write(ChannelVersion.after(
                current,
                name,
                ChannelAction.SECRET_ADDED,
                ChannelOrigin.API,
                current.tenant(),
                current.state(),
                current.channel(),
                secrets,
                caller.name(),
                now));
    }

    ChannelVersion retireSecret(Caller caller, String name, String credential, String id, String ifMatch) {
        ChannelVersion current = changeable(caller, name, ifMatch);
        List<SealedSecret> list = current.secrets().getOrDefault(credential, List.of());
        if (list.stream().noneMatch(s -> s.id().equals(id))) {
            throw ChannelProblem.of(
                    HttpStatus.NOT_FOUND,
                    "Unknown secret",
                    "channel '" + name + "' has no secret '" + id + "' of credential '" + credential + "'");
        }
        if (list.size() == 1) {
            throw ChannelProblem.of(
                    HttpStatus.CONFLICT,
                    "Last secret",
                    "secret '" + id + "' is the only one of credential '" + credential + "': add its successor first"
                            + " (POST /v1/channels/" + name + "/secrets/" + credential + "), or replace the channel"
                            + " with PUT");
        }
        Map<String, List<SealedSecret>> secrets = new LinkedHashMap<>(current.secrets());
        secrets.put(credential, list.stream().filter(s -> !s.id().equals(id)).toList());
        return write(ChannelVersion.after(
                current,
                name,
                ChannelAction.SECRET_RETIRED,
                ChannelOrigin.API,
                current.tenant(),
                current.state(),
                current.channel(),
                secrets,
                caller.name(),
                now()));
    }

    /** The current version of a channel the caller may change, at the version it names (when it names one). */
    private ChannelVersion changeable(Caller caller, String name, String ifMatch) {
        ChannelVersion current = get(caller, name);
        ChannelAccess.checkChange(caller, current);
        if (ifMatch != null && !ETags.matches(ifMatch, current.version())) {
            throw stale(name, current.version());
        }
        if (current.deleted()) {
            throw ChannelProblem.of(
                    HttpStatus.CONFLICT,
                    "Deleted channel",
                    "channel '" + name + "' was deleted (version " + current.version() + "); create it again with"
                            + " POST /v1/channels");
        }
        return current;
    }

    /**
     * 400 when the route names a channel that does not exist (deleted, or another tenant's: not told apart, as
     * elsewhere) or is not a chat channel.
     */
    private void checkRoute(ChannelRequest request, String tenant) {
        List<String> problems = ChannelRules.routeProblems(
                request.name(),
                tenant,
                request.channel(),
                fallback -> store.current(fallback)
                        .filter(version -> !version.deleted())
                        .filter(version ->
                                version.tenant() == null || version.tenant().equals(tenant))
                        .map(version ->
                                new ChannelRules.RouteMember(version.channel().provider(), version.tenant())),
                ChannelRules.API);
        if (!problems.isEmpty()) {
            throw ChannelProblem.invalid(problems);
        }
    }

    private ChannelVersion write(ChannelVersion version) {
        try {
            writer.write(version);
            return version;
        } catch (DuplicateKeyException e) {
            throw stale(version.name(), version.version() - 1);
        }
    }

    /** Seals every submitted secret (one call to the signer each) as the only secret of its credential. */
    private Map<String, List<SealedSecret>> seal(
            ChannelRequest request,
            Map<String, List<SealedSecret>> kept,
            Map<String, Integer> numbers,
            Caller caller,
            Instant now) {
        Map<String, List<SealedSecret>> secrets = new LinkedHashMap<>(kept);
        request.secrets().forEach((credential, value) -> {
            String id = "s" + numbers.getOrDefault(credential, 1);
            secrets.put(credential, List.of(sealer.seal(request.name(), credential, value, id, caller.name(), now)));
        });
        return secrets;
    }

    /** Per credential, the next secret number: ids are never reused, even after a secret was retired. */
    private Map<String, Integer> nextNumbers(String name) {
        Map<String, Integer> next = new LinkedHashMap<>();
        for (ChannelVersion version : store.history(name)) {
            version.secrets()
                    .forEach((credential, list) ->
                            list.forEach(secret -> next.merge(credential, secret.number() + 1, Math::max)));
        }
        return next;
    }

    private static ChannelProblem exists(String name) {
        return ChannelProblem.of(
                HttpStatus.CONFLICT,
                "Channel exists",
                "a channel named '" + name + "' exists (channel names are unique across tenants); change it with PUT"
                        + " /v1/channels/" + name);
    }

    private static ChannelProblem stale(String name, long version) {
        return ChannelProblem.of(
                HttpStatus.PRECONDITION_FAILED,
                "Stale version",
                "channel '" + name + "' is at version " + version + " now, not the one in If-Match: read it again"
                        + " (GET /v1/channels/" + name + ") and apply your change to that version");
    }

    private static ChannelState state(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ChannelState.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ChannelProblem.invalid("state", "must be one of ACTIVE, DISABLED, DELETED");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS); // Avro timestamp-millis
    }
}
