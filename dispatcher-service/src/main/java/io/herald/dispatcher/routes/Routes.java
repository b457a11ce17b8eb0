package io.herald.dispatcher.routes;

import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.channel.ChannelEntry;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ChatMessage;
import io.herald.schema.RouteHop;
import io.herald.schema.RouteLineage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A channel's route, read live from the catalog: the channel a notification was published to, then its
 * {@code fallbacks} in order. {@link #next} re-addresses a notification its channel gave up on to the next channel of
 * the route that can take it (active, a chat channel of its tenant or shared), with the hop added to its lineage; the
 * signer then renders and signs it for that channel's provider.
 */
public final class Routes {

    private final ChannelDirectory channels;

    public Routes(ChannelDirectory channels) {
        this.channels = channels;
    }

    /**
     * The notification re-addressed to the channel after its current one on its route, or empty when the route ends
     * there (or it has none).
     *
     * @param reason why it leaves its channel, for the lineage
     */
    public Optional<AcceptedNotification> next(AcceptedNotification notification, String reason, Instant now) {
        if (!(notification.getContent() instanceof ChatMessage)) {
            return Optional.empty(); // an API call means nothing to another channel
        }
        if (channels.entry(notification.getChannel()).map(ChannelEntry::deleted).orElse(false)) {
            return Optional.empty(); // deleted on purpose: its work is dead-lettered, not sent elsewhere
        }
        String primary = notification.getRoute() == null
                ? notification.getChannel()
                : notification.getRoute().getPrimaryChannel();
        List<String> route = new ArrayList<>();
        route.add(primary);
        channels.entry(primary).ifPresent(entry -> route.addAll(entry.channel().fallbacks()));
        int position = route.indexOf(notification.getChannel());
        if (position < 0) {
            return Optional.empty(); // its channel left the route since
        }
        for (String candidate : route.subList(position + 1, route.size())) {
            Optional<ChannelEntry> entry = channels.entry(candidate).filter(e -> takes(e, notification));
            if (entry.isPresent()) {
                return Optional.of(readdressed(notification, primary, entry.get(), reason, now));
            }
        }
        return Optional.empty();
    }

    /** Whether the channel may take the notification now: active, and its tenant's or shared. */
    private static boolean takes(ChannelEntry entry, AcceptedNotification notification) {
        return !entry.deleted()
                && !entry.disabled()
                && (entry.tenant() == null || entry.tenant().equals(notification.getTenant()));
    }

    private static AcceptedNotification readdressed(
            AcceptedNotification notification, String primary, ChannelEntry next, String reason, Instant now) {
        List<RouteHop> hops = new ArrayList<>(
                notification.getRoute() == null
                        ? List.of()
                        : notification.getRoute().getHops());
        hops.add(RouteHop.newBuilder()
                .setFromChannel(notification.getChannel())
                .setToChannel(next.name())
                .setReason(reason)
                .setAt(now)
                .build());
        return AcceptedNotification.newBuilder(notification)
                .setChannel(next.name())
                .setProvider(next.channel().provider())
                .setRoute(RouteLineage.newBuilder()
                        .setPrimaryChannel(primary)
                        .setHops(hops)
                        .build())
                .build();
    }
}
