package io.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The facts a benchmark number is meaningless without: CPUs, CPU model, memory, JDK, OS and the load average (the
 * machine may be shared), read from {@code /proc} and the JVM.
 */
record MachineFacts(int cpus, String cpuModel, long memoryMib, String jdk, String os, String loadAverage) {

    static MachineFacts now() {
        return new MachineFacts(
                Runtime.getRuntime().availableProcessors(),
                line(Path.of("/proc/cpuinfo"), "model name").map(MachineFacts::afterColon).orElse("unknown"),
                line(Path.of("/proc/meminfo"), "MemTotal:").map(MachineFacts::afterColon)
                        .map(v -> Long.parseLong(v.replace("kB", "").trim()) / 1024).orElse(-1L),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                currentLoadAverage());
    }

    /** The 1, 5 and 15 minute load averages, e.g. "3.10 2.75 2.40". */
    static String currentLoadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
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
