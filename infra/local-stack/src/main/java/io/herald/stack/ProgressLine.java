package io.herald.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** How a component's progress reads on the terminal: {@code postgres   starting… ready (127.0.0.1:15432, 2.1 s)}. */
final class ProgressLine {

    private ProgressLine() {}

    static String name(String component) {
        return String.format(Locale.ROOT, "%-11s", component);
    }

    static String starting(String component) {
        return name(component) + "starting… ";
    }

    static String ready(String address, Duration took) {
        return "ready (" + address + ", " + seconds(took) + ")";
    }

    static String failed(Path log, String reason) {
        return "FAILED — " + (reason == null ? "" : reason + (log == null ? "" : " — "))
                + (log == null ? "" : "see " + display(log));
    }

    /** {@code signer crashed: killed by SIGKILL (exit code 137) after 4 min 12 s up; restarting in 1 s} */
    static String crashed(String component, String reason, Duration uptime, Duration restartIn) {
        return component + " crashed: " + reason + " after " + uptime(uptime) + " up; "
                + (restartIn == null
                        ? "not restarted (restarts are off for it)"
                        : "restarting in " + uptime(restartIn));
    }

    /** {@code signer restarted: pid 4567, ready in 17.3 s (restart 1 since the stack started)} */
    static String restarted(String component, long pid, int restarts, Duration took) {
        return component + " restarted: pid " + pid + ", ready in " + seconds(took) + " (restart " + restarts
                + " since the stack started)";
    }

    /** {@code signer did not restart: exit code 1; next try in 2 s} */
    static String restartFailed(String component, String reason, Duration retryIn) {
        return component + " did not restart: " + reason + "; "
                + (retryIn == null ? "no further try" : "next try in " + uptime(retryIn));
    }

    /** A duration as people read it: {@code 850 ms}, {@code 12 s}, {@code 4 min 12 s}, {@code 2 h 05 min}. */
    static String uptime(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 1) {
            return duration.toMillis() + " ms";
        }
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** A path relative to the current directory when it is below it ({@code .herald/logs/kafka.log}). */
    static String display(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }
}
