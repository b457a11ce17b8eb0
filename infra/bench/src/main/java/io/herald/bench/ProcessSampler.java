package io.herald.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples CPU time and RSS of named processes once a second during the measured load, so the report can say what each
 * part of the stack costs. A process counts with its descendants (PostgreSQL serves each connection from a child of the
 * postmaster) but not those of another named process (the benchmark JVM is the stack's parent but counts only itself).
 * CPU is the ticks spent between {@link #start()} and {@link #stop()}; RSS is the highest sum seen in one sample,
 * shared memory counted once per process (so PostgreSQL's sum over-counts its shared buffers).
 */
final class ProcessSampler implements AutoCloseable {

    private final Map<String, Long> roots;
    private final int ticksPerSecond = ProcFs.clockTicksPerSecond();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bench-process-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private long startNanos;
    private long stopNanos;

    /** @param roots process name to its PID, in report order */
    ProcessSampler(Map<String, Long> roots) {
        this.roots = new LinkedHashMap<>(roots);
        roots.keySet().forEach(name -> groups.put(name, new Group()));
    }

    void start() {
        startNanos = System.nanoTime();
        sample(true);
        timer.scheduleAtFixedRate(() -> sample(false), 1, 1, TimeUnit.SECONDS);
    }

    /** Takes a last sample and returns one usage line per process. */
    List<ProcessUsage> stop() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample(false);
        stopNanos = System.nanoTime();
        double seconds = (stopNanos - startNanos) / 1e9;
        List<ProcessUsage> usage = new ArrayList<>();
        synchronized (groups) {
            groups.forEach((name, group) -> usage.add(new ProcessUsage(
                    name,
                    roots.get(name),
                    cpuPercent(group.ticks(), ticksPerSecond, seconds),
                    group.peakRssKib / 1024.0)));
        }
        return usage;
    }

    /** CPU time as a percentage of one core over {@code seconds} of wall time (200% = two cores busy). */
    static double cpuPercent(long ticks, int ticksPerSecond, double seconds) {
        return seconds <= 0 ? 0 : 100.0 * ticks / ticksPerSecond / seconds;
    }

    private void sample(boolean baseline) {
        Map<Long, List<Long>> children = childrenByParent();
        synchronized (groups) {
            roots.forEach((name, pid) -> {
                Group group = groups.get(name);
                long rss = 0;
                List<Long> pids = processesOf(pid, children);
                for (long p : pids) {
                    ProcFs.Reading reading = ProcFs.read(p);
                    if (reading == null) {
                        continue;
                    }
                    rss += reading.rssKib();
                    if (baseline) {
                        group.baseline.put(p, reading.cpuTicks());
                    } else {
                        group.baseline.putIfAbsent(p, 0L); // a child first seen now counts from zero
                    }
                    group.last.put(p, reading.cpuTicks());
                }
                group.peakRssKib = Math.max(group.peakRssKib, rss);
            });
        }
    }

    /**
     * One snapshot of the process table per sample: {@link ProcessHandle#children()} reads all of {@code /proc} on
     * every call, and calling it for each process of the stack took ~5 % of a core in the benchmark JVM.
     */
    private static Map<Long, List<Long>> childrenByParent() {
        Map<Long, List<Long>> children = new HashMap<>();
        ProcessHandle.allProcesses()
                .forEach(process -> process.parent()
                        .ifPresent(parent -> children.computeIfAbsent(parent.pid(), p -> new ArrayList<>())
                                .add(process.pid())));
        return children;
    }

    /** {@code pid} and its descendants now. */
    List<Long> processesOf(long pid) {
        return processesOf(pid, childrenByParent());
    }

    private List<Long> processesOf(long pid, Map<Long, List<Long>> children) {
        List<Long> pids = new ArrayList<>();
        collect(pid, children, pids);
        return pids;
    }

    /** {@code pid} and its descendants, leaving out the subtrees of other named processes. */
    private void collect(long pid, Map<Long, List<Long>> children, List<Long> into) {
        into.add(pid);
        for (long child : children.getOrDefault(pid, List.of())) {
            if (!roots.containsValue(child)) {
                collect(child, children, into);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private static final class Group {
        final Map<Long, Long> baseline = new HashMap<>();
        final Map<Long, Long> last = new HashMap<>();
        long peakRssKib;

        long ticks() {
            long sum = 0;
            for (Map.Entry<Long, Long> entry : last.entrySet()) {
                sum += entry.getValue() - baseline.getOrDefault(entry.getKey(), 0L);
            }
            return sum;
        }
    }

    /** What one process (with its children) cost during the measured run. */
    record ProcessUsage(String name, long pid, double cpuPercent, double peakRssMib) {}
}
