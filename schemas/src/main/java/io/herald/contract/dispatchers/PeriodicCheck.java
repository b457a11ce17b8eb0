package io.herald.contract.dispatchers;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/** A check run at once and then every interval on a daemon thread of its own, started and stopped with the service. */
public abstract class PeriodicCheck implements SmartLifecycle {

    private final String threadName;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    protected PeriodicCheck(String threadName, Duration interval) {
        this.threadName = threadName;
        this.interval = interval;
    }

    /** One look; must not throw (a thrown exception would end the schedule). */
    protected abstract void check();

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
