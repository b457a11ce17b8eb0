package io.herald.stack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Says why a child process ended, as the supervisor's log and {@code herald status} show it: the signal that killed it
 * (the JDK reports death by signal N as exit code 128 + N), or its exit code, and an {@code OutOfMemoryError} when the
 * JVM said so last in its log ({@code -XX:+ExitOnOutOfMemoryError} exits with code 3 after printing it).
 */
final class ExitReason {

    private static final Map<Integer, String> SIGNALS =
            Map.of(1, "SIGHUP", 2, "SIGINT", 3, "SIGQUIT", 6, "SIGABRT", 9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");
    private static final String OOM_MARKER = "Terminating due to java.lang.OutOfMemoryError";
    private static final int TAIL_BYTES = 16 * 1024;

    private ExitReason() {}

    /** E.g. {@code killed by SIGKILL (exit code 137)}, {@code exit code 1}, {@code out of memory: Java heap space (exit code 3)}. */
    static String describe(int exitCode, String logTail) {
        if (exitCode == 3 && logTail != null) {
            int at = logTail.lastIndexOf(OOM_MARKER);
            if (at >= 0) {
                String rest = logTail.substring(at + OOM_MARKER.length())
                        .lines()
                        .findFirst()
                        .orElse("");
                String detail = rest.startsWith(":") ? rest.substring(1).strip() : "";
                return "out of memory" + (detail.isEmpty() ? "" : ": " + detail) + " (exit code 3)";
            }
        }
        String signal = exitCode > 128 ? SIGNALS.get(exitCode - 128) : null;
        if (signal != null) {
            return "killed by " + signal + " (exit code " + exitCode + ")";
        }
        return "exit code " + exitCode;
    }

    /** The last few KiB of a log, or "" when it cannot be read. */
    static String tail(Path log) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            int size = (int) Math.min(length, TAIL_BYTES);
            byte[] bytes = new byte[size];
            file.seek(length - size);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
