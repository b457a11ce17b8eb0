package io.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads a process's CPU time and resident memory from Linux {@code /proc}, without any agent in the process: what
 * the benchmark needs to report CPU and RSS for the broker, the registry, PostgreSQL and every service alike.
 */
final class ProcFs {

    private ProcFs() {}

    /**
     * User plus system CPU time in clock ticks, from a {@code /proc/<pid>/stat} line. The command name (field 2) is in
     * parentheses and may hold spaces or ')' itself, so fields are counted after the LAST ')': there {@code utime} and
     * {@code stime} are the 12th and 13th (fields 14 and 15 of proc(5)).
     */
    static long cpuTicks(String statLine) {
        int end = statLine.lastIndexOf(')');
        if (end < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + statLine);
        }
        String[] fields = statLine.substring(end + 1).trim().split("\\s+");
        if (fields.length < 13) {
            throw new IllegalArgumentException("too few fields in /proc/<pid>/stat: " + statLine);
        }
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** {@code VmRSS} in KiB from the text of {@code /proc/<pid>/status}; empty for a kernel thread or a zombie. */
    static OptionalLong rssKib(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String value = line.substring("VmRSS:".length()).trim();
                if (!value.endsWith("kB")) {
                    throw new IllegalArgumentException("unexpected VmRSS unit: " + line);
                }
                return OptionalLong.of(
                        Long.parseLong(value.substring(0, value.length() - 2).trim()));
            }
        }
        return OptionalLong.empty();
    }

    /** One reading of a process, or null when it is gone (or /proc is not there). */
    static Reading read(long pid) {
        try {
            Path dir = Path.of("/proc", Long.toString(pid));
            long ticks = cpuTicks(Files.readString(dir.resolve("stat")));
            long rss = rssKib(Files.readString(dir.resolve("status"))).orElse(0);
            return new Reading(ticks, rss);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Clock ticks per second ({@code getconf CLK_TCK}); 100, the value on every common Linux, when it cannot be asked. */
    static int clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            return getconf.waitFor() == 0 ? Integer.parseInt(out) : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /** CPU time so far (ticks) and resident memory now (KiB). */
    record Reading(long cpuTicks, long rssKib) {}
}
