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
