package io.herald.bench;

import ch.qos.logback.classic.Level;
import io.herald.stack.HeraldService;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** What {@code herald bench} and {@code herald chaos} share: option checks and where their reports go. */
public final class RunReports {

    private RunReports() {}

    /** {@code yyyyMMdd-HHmmss} in UTC: the report's file name. */
    public static String stamp(Instant date) {
        return DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
                .withZone(ZoneOffset.UTC)
                .format(date);
    }

    /** Writes {@code <outDir>/<stamp>.md}, prints the report to stdout and its file to {@code progress}. */
    public static void publish(Path outDir, String stamp, String markdown, PrintStream progress) throws IOException {
        Files.createDirectories(outDir);
        Path file = outDir.resolve(stamp + ".md");
        Files.writeString(file, markdown, StandardCharsets.UTF_8);
        System.out.println(markdown);
        progress.println("Report written to " + file);
    }

    /** {@code SERVICE=value} options by service; {@code all} names every service; bad ones name the option. */
    public static Map<HeraldService, List<String>> perService(
            String option, List<String> values, String prefix, String example) {
        Map<HeraldService, List<String>> byService = new EnumMap<>(HeraldService.class);
        for (String value : values) {
            int eq = value.indexOf('=');
            require(
                    eq > 0 && value.substring(eq + 1).startsWith(prefix),
                    option + " must look like " + example + ", was " + value);
            String name = value.substring(0, eq);
            List<HeraldService> services =
                    name.equals("all") ? List.of(HeraldService.values()) : List.of(HeraldService.byName(name));
            services.forEach(service ->
                    byService.computeIfAbsent(service, s -> new ArrayList<>()).add(value.substring(eq + 1)));
        }
        return byService;
    }

    /** Sets a logger's level: thousands of INFO lines a second would cost this JVM more than the work measured. */
    public static void quiet(String logger, Level level) {
        if (LoggerFactory.getLogger(logger) instanceof ch.qos.logback.classic.Logger found) {
            found.setLevel(level);
        }
    }

    /** A bad option value: picocli's handler prints the message as a usage error. */
    public static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
