package io.herald.audit.ordering;

import io.herald.audit.store.AuditStore;
import io.herald.audit.store.NotificationRecord;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.channel.ChannelEntry;
import io.herald.contract.security.Caller;
import io.herald.schema.OrderingState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * The ordered channels a caller may see, with where each stands. An ordered channel is one the channel directory
 * defines with {@code ordering: strict}, or one a dispatcher wrote a state for (it may have been changed since, its
 * notifications still in flight). A channel is visible when it is shared (no tenant) or one of the caller's tenants'
 * (like {@code GET /v1/channels}); one the directory does not know only to a caller of every tenant.
 *
 * <p>A shared channel carries notifications of several tenants: a caller not acting for every tenant sees the id of a
 * notification in its state only when that notification is one of its tenants' (as audit has recorded it), else null.
 */
@Service
class OrderingQuery {

    private final OrderingStates states;
    private final ChannelDirectory channels;
    private final Function<String, Optional<String>> notificationTenant;

    @Autowired
    OrderingQuery(OrderingStates states, ChannelDirectory channels, AuditStore store) {
        this(states, channels, id -> store.findNotification(id).map(NotificationRecord::tenant));
    }

    /** @param notificationTenant a notification's tenant as audit recorded it; empty when unknown or it has none */
    OrderingQuery(
            OrderingStates states, ChannelDirectory channels, Function<String, Optional<String>> notificationTenant) {
        this.states = states;
        this.channels = channels;
        this.notificationTenant = notificationTenant;
    }

    List<OrderingView> all(Caller caller) {
        TreeSet<String> names = new TreeSet<>(states.all().keySet());
        if (states.caughtUp()) {
            // a strict channel nothing was written for has never held a notification: clear (once the topic is read)
            channels.channels().forEach((name, channel) -> {
                if (channel.strictOrder()) {
                    names.add(name);
                }
            });
        }
        List<OrderingView> views = new ArrayList<>();
        for (String name : names) {
            one(name, caller).ifPresent(views::add);
        }
        views.sort(Comparator.comparing(OrderingView::channel));
        return views;
    }

    Optional<OrderingView> one(String name, Caller caller) {
        Optional<ChannelEntry> entry = channels.entry(name);
        boolean visible = entry.map(e -> e.tenant() == null || caller.mayActFor(e.tenant()))
                .orElse(caller.actsForEveryTenant());
        if (!visible) {
            return Optional.empty();
        }
        Optional<OrderingState> state = states.state(name);
        if (state.isPresent()) {
            boolean shared = entry.map(e -> e.tenant() == null).orElse(true);
            return Optional.of(
                    shared && !caller.actsForEveryTenant()
                            ? OrderingView.of(state.get(), id -> visibleNotification(id, caller))
                            : OrderingView.of(state.get()));
        }
        boolean strict = entry.filter(e -> !e.deleted())
                .map(e -> e.channel().strictOrder())
                .orElse(false);
        return strict && states.caughtUp() ? Optional.of(OrderingView.clear(name)) : Optional.empty();
    }

    private String visibleNotification(String id, Caller caller) {
        return notificationTenant.apply(id).filter(caller::mayActFor).isPresent() ? id : null;
    }
}
