package io.herald.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The supervisor's record of one component: its state, restarts, last exit, and whether an exit is a crash to restart
 * (after how long) or a stop on purpose. Time comes in as arguments, so the decisions are tested without waiting. Each
 * decision that schedules a restart carries an {@code epoch}; anything that changes the plan meanwhile (a stop on
 * purpose, a restart on request) moves it on, so the earlier restart finds itself stale and does nothing.
 */
final class RestartTracker {

    /** As {@code herald status} shows it. */
    enum State {
        /** Launched and not seen dead since (its probe says whether it answers). */
        UP,
        /** Dead, or being stopped and started again; a restart is scheduled or under way. */
        RESTARTING,
        /** Dead and not restarted (restarts are off, or it cannot be restarted). */
        DOWN,
        /** Stopped on purpose; never restarted by the supervisor. */
        STOPPED
    }

    /** A restart to run after {@code delay}, valid while the tracker's epoch is still {@code epoch}. */
    record Decision(long epoch, int crashesInARow, Duration delay) {}

    /** A crash: how long it had been up, and the restart decided, if any. */
    record Crash(Duration uptime, Optional<Decision> restart) {}

    private final RestartPolicy policy;
    private State state = State.UP;
    private Instant launchedAt;
    private int restarts;
    private Instant lastRestart;
    private String lastExit;
    private Instant nextTry;
    private int crashesInARow;
    private long epoch;
    private boolean busy;

    /** @param policy how to restart it, or null when it is never restarted (the in-process sandbox, an external database) */
    RestartTracker(RestartPolicy policy, Instant launchedAt) {
        this.policy = policy;
        this.launchedAt = launchedAt;
    }

    /**
     * It was found dead. When it was UP this is a crash, with the decision to restart it (none, and DOWN, when it is
     * never restarted); empty when it was already known dead, is being restarted, or was stopped on purpose.
     */
    synchronized Optional<Crash> exited(Instant now, String reason) {
        if (state != State.UP || busy) {
            return Optional.empty();
        }
        lastExit = reason;
        Duration uptime = Duration.between(launchedAt, now);
        if (policy == null) {
            state = State.DOWN;
            return Optional.of(new Crash(uptime, Optional.empty()));
        }
        if (uptime.compareTo(policy.stableAfter()) >= 0) {
            crashesInARow = 0;
        }
        return Optional.of(new Crash(uptime, Optional.of(schedule(now))));
    }

    /** A scheduled restart is about to run: true (and busy) only when it is still the plan. */
    synchronized boolean begin(long decidedEpoch) {
        if (state != State.RESTARTING || decidedEpoch != epoch || busy) {
            return false;
        }
        busy = true;
        nextTry = null;
        return true;
    }

    /**
     * A restart on request ({@code herald restart}): the epoch it runs under, or empty when a restart is under way
     * right now. It supersedes a restart that is only scheduled, and starts the back-off afresh.
     */
    synchronized Optional<Long> beginOnRequest() {
        if (busy) {
            return Optional.empty();
        }
        epoch++;
        busy = true;
        state = State.RESTARTING;
        nextTry = null;
        crashesInARow = 0;
        return Optional.of(epoch);
    }

    /** The component was launched again (by a scheduled restart or on request). */
    synchronized void relaunched(Instant now) {
        launchedAt = now;
        restarts++;
        lastRestart = now;
    }

    /** The restarted component answers. */
    synchronized void ready(long decidedEpoch) {
        if (decidedEpoch == epoch) {
            state = State.UP;
            nextTry = null;
            busy = false;
        }
    }

    /**
     * A restart failed (did not launch, died or was not ready in time): when it is still the plan, the decision for
     * the next try, one step further in the back-off.
     */
    synchronized Optional<Decision> failed(long decidedEpoch, Instant now, String reason) {
        if (decidedEpoch != epoch) {
            return Optional.empty();
        }
        busy = false;
        lastExit = reason;
        if (policy == null) {
            state = State.DOWN;
            return Optional.empty();
        }
        return Optional.of(schedule(now));
    }

    /** It is being stopped on purpose (scale down, {@code stopService}, the stack closing): never restart it. */
    synchronized void stoppedOnPurpose(String reason) {
        epoch++;
        busy = false;
        state = State.STOPPED;
        lastExit = reason;
        nextTry = null;
    }

    /** It was started on purpose after a stop on purpose (e.g. {@code startService}): watched again from now. */
    synchronized void startedOnPurpose(Instant now) {
        epoch++;
        busy = false;
        state = State.UP;
        launchedAt = now;
        crashesInARow = 0;
        nextTry = null;
    }

    /** Why it last ended, when that is known only afterwards (e.g. a stop on request that had to kill it). */
    synchronized void noteExit(String reason) {
        lastExit = reason;
    }

    synchronized State state() {
        return state;
    }

    private Decision schedule(Instant now) {
        epoch++;
        crashesInARow++;
        Duration delay = policy.delayBefore(crashesInARow);
        state = State.RESTARTING;
        nextTry = now.plus(delay);
        return new Decision(epoch, crashesInARow, delay);
    }

    /** What {@code herald status} shows. */
    synchronized Snapshot snapshot() {
        return new Snapshot(
                state,
                restarts,
                Optional.ofNullable(lastRestart),
                Optional.ofNullable(lastExit),
                Optional.ofNullable(nextTry));
    }

    /**
     * @param restarts how many times it was launched again after its first start
     * @param lastExit why it last ended, e.g. {@code killed by SIGKILL (exit code 137)}
     * @param nextTry when the next scheduled restart runs, while one is scheduled
     */
    record Snapshot(
            State state,
            int restarts,
            Optional<Instant> lastRestart,
            Optional<String> lastExit,
            Optional<Instant> nextTry) {}
}
