package io.herald.audit.channels;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelCatalog;
import io.herald.schema.ChannelOrigin;
import io.herald.schema.ChannelState;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Imports the seed file ({@link ChannelCatalog}) into the live catalog once at start (issue 20, decision 7), in the
 * background and again every {@code herald.audit.channels.seed-retry} until it could write (Kafka may not be reachable
 * yet): a seed channel the store lacks is written (origin SEED); one of origin SEED that the file now describes
 * otherwise gets a new version; one last changed through the API is left as is; a SEED channel no longer in the file
 * is deleted. Idempotent, and safe with two instances: a version another instance wrote first is skipped. One INFO
 * line per channel.
 */
@Component
class SeedImport implements SmartLifecycle {

    /** Who the seed import's versions name as their author. */
    static final String SEED = "seed";

    private static final Logger log = LoggerFactory.getLogger(SeedImport.class);

    private final ChannelCatalog seed;
    private final ChannelStore store;
    private final ChannelWriter writer;
    private final ChannelsProperties properties;
    private final Clock clock = Clock.systemUTC();
    private volatile Thread worker;
    private volatile boolean running;
    private volatile boolean done;

    SeedImport(ChannelCatalog seed, ChannelStore store, ChannelWriter writer, ChannelsProperties properties) {
        this.seed = seed;
        this.store = store;
        this.writer = writer;
        this.properties = properties;
    }

    @Override
    public void start() {
        running = true; // before the thread runs: it stops when this turns false
        worker = Thread.ofVirtual().name("channel-seed-import").start(this::runUntilDone);
    }

    @Override
    public boolean isAutoStartup() {
        return properties.seedImport();
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = worker;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** True once the seed file was imported completely. */
    boolean done() {
        return done;
    }

    private void runUntilDone() {
        while (running && !done) {
            try {
                importSeed();
                done = true;
            } catch (ChannelProblem | DataAccessException e) {
                log.warn(
                        "seed import of the channel catalog incomplete, trying again in {}: {}",
                        properties.seedRetry(),
                        e.getMessage());
                try {
                    Thread.sleep(properties.seedRetry());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** One pass over the seed file and the store; throws when a write could not be made (retried by the caller). */
    void importSeed() {
        Map<String, ChannelVersion> current =
                store.currentAll().stream().collect(Collectors.toMap(ChannelVersion::name, Function.identity()));
        for (var entry : new TreeMap<>(seed.channels()).entrySet()) {
            importOne(entry.getKey(), entry.getValue(), current.get(entry.getKey()));
        }
        for (ChannelVersion stale : new TreeMap<>(current).values()) {
            if (stale.origin() == ChannelOrigin.SEED
                    && !stale.deleted()
                    && seed.find(stale.name()).isEmpty()) {
                write(
                        stale.inState(ChannelState.DELETED, ChannelAction.DELETED, ChannelOrigin.SEED, SEED, now()),
                        "deleted: no longer in the seed file");
            }
        }
    }

    private void importOne(String name, Channel seeded, ChannelVersion current) {
        Channel channel = keepResume(seeded, current);
        if (current != null && current.origin() == ChannelOrigin.API) {
            log.info(
                    "seed channel {}: left as is, last changed through the API (version {} by {})",
                    name,
                    current.version(),
                    current.changedBy());
            return;
        }
        if (current != null
                && !current.deleted()
                && current.tenant() == null
                && current.channel().equals(channel)) {
            log.info("seed channel {}: unchanged (version {})", name, current.version());
            return;
        }
        ChannelVersion next = ChannelVersion.after(
                current,
                name,
                ChannelAction.SEEDED,
                ChannelOrigin.SEED,
                null,
                current == null || current.deleted() ? ChannelState.ACTIVE : current.state(),
                channel,
                current == null ? Map.of() : current.secrets(),
                SEED,
                now());
        write(next, current == null ? "written" : "updated from the seed file (changed: " + next.changedFields() + ")");
    }

    /**
     * The seed file's channel with the latest resume of its order: an operator's resume (through the API, which keeps
     * a seed channel's origin) must survive the next import, else the stop it ended would hold the channel again.
     */
    private static Channel keepResume(Channel seeded, ChannelVersion current) {
        Instant resumed =
                current == null || current.deleted() ? null : current.channel().orderResumedAt();
        if (resumed == null
                || (seeded.orderResumedAt() != null && !seeded.orderResumedAt().isBefore(resumed))) {
            return seeded;
        }
        return OrderingSpelling.resumedAt(seeded, resumed);
    }

    private void write(ChannelVersion version, String what) {
        try {
            writer.write(version);
            log.info("seed channel {}: {} (version {})", version.name(), what, version.version());
        } catch (DuplicateKeyException e) {
            log.info(
                    "seed channel {}: version {} was written meanwhile (another audit instance); skipped",
                    version.name(),
                    version.version());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
