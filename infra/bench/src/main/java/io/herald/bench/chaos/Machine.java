package io.herald.bench.chaos;

import io.herald.bench.MachineFacts;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a fault run is meaningless without: CPUs (nproc), CPU model, memory total and available (free -g), JDK,
 * OS, read from {@code /proc} and the JVM; and the load average, since the machine may be shared.
 */
record Machine(int cpus, String cpuModel, double memoryGib, double availableGib, String jdk, String os) {

    static Machine now() {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                MachineFacts.procValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown"),
                gib("MemTotal:"),
                gib("MemAvailable:"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
    }

    /** One line for the report, e.g. {@code 2 CPUs (AMD EPYC 7B13), 23.4 GiB memory (20.1 GiB available), …}. */
    String describe() {
        return String.format(
                Locale.ROOT,
                "%d CPUs (%s), %.1f GiB memory (%.1f GiB available at the start), %s, %s",
                cpus,
                cpuModel,
                memoryGib,
                availableGib,
                jdk,
                os);
    }

    /** The 1, 5 and 15 minute load averages, e.g. {@code 3.10 2.75 2.40}. */
    static String loadAverage() {
        return MachineFacts.currentLoadAverage();
    }

    private static double gib(String prefix) {
        return MachineFacts.procValue(Path.of("/proc/meminfo"), prefix)
                .map(v -> Long.parseLong(v.replace("kB", "").trim()) / (1024.0 * 1024.0))
                .orElse(-1.0);
    }
}
