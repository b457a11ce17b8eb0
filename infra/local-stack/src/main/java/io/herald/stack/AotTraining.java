package io.herald.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * With {@code HERALD_AOT=train} (or the system property {@code herald.aot=train}, which the integration tests set): a
 * service that has no usable {@link AotCache} records one while this stack runs, one process per service, and the
 * caches are made once the stack has stopped; the next stacks start with them. Writes {@code <logs>/<id>-aot.log}.
 */
final class AotTraining {

    /** The value of {@link AotCache#SWITCH_VARIABLE} (or {@link #PROPERTY}) that turns it on. */
    static final String TRAIN = "train";

    /** The system property read when the variable is not set. */
    static final String PROPERTY = "herald.aot";

    static final AotTraining OFF = new AotTraining(false, Path.of("."));

    private final boolean on;
    private final Path logDir;
    private final Map<HeraldService, AotCache> recording = new EnumMap<>(HeraldService.class);

    AotTraining(boolean on, Path logDir) {
        this.on = on;
        this.logDir = logDir;
    }

    /** On when {@link #switchValue} says {@value #TRAIN} (and the JDK has AOT caches: 25 or later). */
    static AotTraining fromEnvironment(Path logDir) {
        return new AotTraining(
                TRAIN.equalsIgnoreCase(switchValue()) && Runtime.version().feature() >= 25, logDir);
    }

    /** {@link AotCache#SWITCH_VARIABLE} when set, else the system property {@value #PROPERTY}; null when neither. */
    static String switchValue() {
        String value = System.getenv(AotCache.SWITCH_VARIABLE);
        return value != null ? value : System.getProperty(PROPERTY);
    }

    /**
     * How a new process of {@code cache}'s service runs: as {@link AotCache#use} says, except that while training the
     * first one without a usable cache records one (the exec jar extracted afresh); the caller's own AOT options win.
     * Best effort: when the jar cannot be extracted the service runs as {@link AotCache#use} says.
     */
    synchronized AotCache.Use use(AotCache cache, List<String> jvmOptions) {
        AotCache.Use use = cache.use(jvmOptions);
        boolean callerChose = jvmOptions.stream().anyMatch(option -> option.startsWith("-XX:AOT"));
        if (!on || use.cached() || callerChose || recording.containsKey(cache.service())) {
            return use;
        }
        List<String> record;
        try {
            record = cache.prepareTraining(log(cache.service()));
        } catch (IOException e) {
            return new AotCache.Use(
                    use.jar(), use.jvmOptions(), false, use.note() + "; no AOT training: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return use;
        }
        recording.put(cache.service(), cache);
        return new AotCache.Use(
                cache.jar(),
                record,
                false,
                "recording an AOT cache (" + AotCache.SWITCH_VARIABLE + "=" + TRAIN + "), made when the stack stops: "
                        + use.note());
    }

    /**
     * Makes the cache of every service that recorded, once all have exited (a recording is written as the JVM exits
     * gracefully: one that was killed made none); each outcome goes to {@code listener}, a failure never throws.
     */
    synchronized void createCaches(StackListener listener) {
        for (Map.Entry<HeraldService, AotCache> entry : new ArrayList<>(recording.entrySet())) {
            String id = entry.getKey().id();
            Instant start = Instant.now();
            try {
                entry.getValue().create(log(entry.getKey()));
                listener.aotCache(
                        id,
                        String.format(
                                Locale.ROOT,
                                "made %s in %.1f s",
                                entry.getValue().cache(),
                                Duration.between(start, Instant.now()).toMillis() / 1000.0));
            } catch (IOException e) {
                listener.aotCache(id, "not made: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                listener.aotCache(id, "not made: interrupted");
                return;
            }
        }
        recording.clear();
    }

    private Path log(HeraldService service) {
        return logDir.resolve(service.id() + "-aot.log");
    }
}
