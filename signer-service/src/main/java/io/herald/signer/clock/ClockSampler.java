package io.herald.signer.clock;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelDirectory;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the {@link TrustedClock}: polls every SNTP server every {@code sntp-interval} and probes every channel
 * origin's {@code Date} header every {@code probe-interval} (and on demand, e.g. when a provider answered that a
 * signature's time was wrong). {@link #initialSync()} takes the first round before the consumers start, waiting at
 * most {@code initial-sync-timeout}. Failures are recorded on the clock (and shown on health), never thrown.
 */
class ClockSampler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClockSampler.class);

    private final TrustedClock clock;
    private final ClockProperties properties;
    private final Clock host;
    private final List<SntpSource.Server> servers;
    private final ChannelDirectory directory;
    private final DateProbe probe;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "herald-signer-clock"));
    private final ExecutorService workers =
            Executors.newFixedThreadPool(4, r -> daemon(r, "herald-signer-clock-probe"));

    public ClockSampler(TrustedClock clock, ClockProperties properties, Clock host, ChannelDirectory directory) {
        this.clock = clock;
        this.properties = properties;
        this.host = host;
        this.servers = properties.sntpServers().stream().map(SntpSource::parse).toList();
        this.directory = directory;
        this.probe = new DateProbe(host, properties.probeTimeout());
    }

    /** Takes one round of samples from every source, waiting at most {@code initial-sync-timeout}, then schedules the rest. */
    public void start() {
        if (!properties.simulatedHostSkew().isZero()) {
            log.warn(
                    "herald.signer.clock.simulated-host-skew={} is set: the signer's host clock is deliberately wrong. "
                            + "This is a testing knob; never set it in production.",
                    properties.simulatedHostSkew());
        }
        if (servers.isEmpty() && origins().isEmpty()) {
            log.warn(
                    "No time source: herald.signer.clock.sntp-servers is empty and channel probes are off; "
                            + "providers with a time window (DingTalk, Feishu, Tencent Cloud, Standard Webhooks) will not be signed");
        }
        initialSync();
        long sntpMillis = properties.sntpInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::pollSntp, sntpMillis, sntpMillis, TimeUnit.MILLISECONDS);
        long probeMillis = properties.probeInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::probeOrigins, probeMillis, probeMillis, TimeUnit.MILLISECONDS);
    }

    void initialSync() {
        List<CompletableFuture<?>> round = new ArrayList<>();
        servers.forEach(server -> round.add(CompletableFuture.runAsync(() -> pollSntp(server), workers)));
        origins().forEach(origin -> round.add(CompletableFuture.runAsync(() -> probeOrigin(origin), workers)));
        try {
            CompletableFuture.allOf(round.toArray(CompletableFuture[]::new))
                    .get(properties.initialSyncTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.info(
                    "Initial clock sync incomplete after {}; continuing in the background",
                    properties.initialSyncTimeout());
        }
        Optional<ClockEstimate> estimate = clock.estimate();
        estimate.ifPresentOrElse(
                e -> log.info(
                        "Trusted clock: offset {} s ± {} s from {} (falsetickers {})",
                        TrustedClock.seconds(e.offset()),
                        TrustedClock.seconds(e.bound()),
                        e.truechimers(),
                        e.falsetickers()),
                () -> log.warn(
                        "Trusted clock has no estimate yet (sources: {}); requests for providers with a time window "
                                + "are refused until a source answers",
                        clock.sources().keySet()));
    }

    /**
     * Probes the origin of {@code endpoint} (when {@code probe-channels} is on) and polls the SNTP servers soon, in the
     * background (e.g. after a provider rejected a timestamp).
     */
    public void probeSoon(URI endpoint) {
        if (properties.probeChannels()) {
            URI origin = DateProbe.origin(endpoint);
            workers.execute(() -> probeOrigin(origin));
        }
        // a provider that doubts our time is a reason to ask the SNTP servers again too
        workers.execute(this::pollSntp);
    }

    void pollSntp() {
        servers.forEach(this::pollSntp);
    }

    private void pollSntp(SntpSource.Server server) {
        try {
            clock.record(SntpSource.query(server, properties.sntpTimeout(), host, properties.simulatedHostSkew()));
        } catch (Exception e) {
            String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            log.debug("SNTP server {} failed: {}", server.sourceName(), reason);
            clock.failed(server.sourceName(), reason);
        }
    }

    void probeOrigins() {
        origins().forEach(this::probeOrigin);
    }

    /** The origin of every channel now (channels come and go on {@code herald.channels}); none when probes are off. */
    Set<URI> origins() {
        Set<URI> origins = new LinkedHashSet<>();
        if (properties.probeChannels()) {
            for (Channel channel : directory.channels().values()) {
                origins.add(DateProbe.origin(channel.endpoint()));
            }
        }
        return origins;
    }

    private void probeOrigin(URI origin) {
        String source = DateProbe.sourceName(origin);
        try {
            clock.record(probe.probe(origin));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            log.debug("Date probe of {} failed: {}", source, reason);
            clock.failed(source, reason);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        workers.shutdownNow();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
