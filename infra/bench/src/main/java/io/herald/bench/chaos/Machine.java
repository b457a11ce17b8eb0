package io.herald.bench.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine a fault run is meaningless without: CPUs (nproc), CPU model, memory total and available (free -g), JDK,
 * OS, read from {@code /proc} and the JVM; and the load average, since the machine may be shared.
 */
record Machine(int cpus, String cpuModel, double memoryGib, double availableGib, String jdk, String os) {

    static Machine now() {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                line(Path.of("/proc/cpuinfo"), "model name").map(Machine::afterColon).orElse("unknown"),
                gib("MemTotal:"),
                gib("MemAvailable:"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }

    /** One line for the report, e.g. {@code 2 CPUs (AMD EPYC 7B13), 23.4 GiB memory (20.1 GiB available), …}. */
    String describe() {
        return String.format(Locale.ROOT, "%d CPUs (%s), %.1f GiB memory (%.1f GiB available at the start), %s, %s",
                cpus, cpuModel, memoryGib, availableGib, jdk, os);
    }

    /** The 1, 5 and 15 minute load averages, e.g. {@code 3.10 2.75 2.40}. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static double gib(String prefix) {
        return line(Path.of("/proc/meminfo"), prefix).map(Machine::afterColon)
                .map(v -> Long.parseLong(v.replace("kB", "").trim()) / (1024.0 * 1024.0)).orElse(-1.0);
    }

    private static Optional<String> line(Path file, String prefix) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(prefix)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String afterColon(String line) {
        return line.substring(line.indexOf(':') + 1).trim();
    }
}
