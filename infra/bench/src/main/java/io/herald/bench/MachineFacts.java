package io.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The facts a benchmark number is meaningless without: CPUs, CPU model, memory, JDK, OS and the load average (the
 * machine may be shared), read from {@code /proc} and the JVM.
 */
public record MachineFacts(int cpus, String cpuModel, long memoryMib, String jdk, String os, String loadAverage) {

    static MachineFacts now() {
        return new MachineFacts(
                Runtime.getRuntime().availableProcessors(),
                procValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown"),
                procValue(Path.of("/proc/meminfo"), "MemTotal:")
                        .map(v -> Long.parseLong(v.replace("kB", "").trim()) / 1024)
                        .orElse(-1L),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                currentLoadAverage());
    }

    /** The 1, 5 and 15 minute load averages, e.g. "3.10 2.75 2.40". */
    public static String currentLoadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The value after the colon of the first line of {@code file} starting with {@code prefix}, e.g. in /proc/meminfo. */
    public static Optional<String> procValue(Path file, String prefix) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(l -> l.startsWith(prefix))
                    .findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
