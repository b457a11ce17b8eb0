package io.herald.audit.timeline;

import io.herald.audit.dispatchers.UnservedProviders;
import io.herald.audit.store.AuditStore;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads a notification and its events from the audit store as one consistent snapshot, and adds why it waits when no
 * running dispatcher serves its provider ({@link UnservedProviders}, the last look at the broker).
 */
@Service
class NotificationQuery {

    private final AuditStore store;
    private final UnservedProviders unservedProviders;
    private final String traceUrl;

    NotificationQuery(AuditStore store, UnservedProviders unservedProviders) {
        this(store, unservedProviders, "");
    }

    @Autowired
    NotificationQuery(
            AuditStore store,
            UnservedProviders unservedProviders,
            @Value("${herald.audit.trace-url:}") String traceUrl) {
        this.store = store;
        this.unservedProviders = unservedProviders;
        this.traceUrl = traceUrl;
    }

    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Optional<NotificationView> find(String id) {
        return store.findNotification(id).map(n -> {
            var events = store.events(id);
            var replayIds = events.stream()
                    .map(e -> e.replayId())
                    .filter(java.util.Objects::nonNull)
                    .toList();
            return NotificationView.of(
                    n,
                    events,
                    store.statuses(replayIds),
                    unservedProviders.unserved(n.provider()).orElse(null),
                    traceUrl);
        });
    }
}
