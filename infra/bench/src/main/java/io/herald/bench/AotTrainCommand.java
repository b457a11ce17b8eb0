package io.herald.bench;

import ch.qos.logback.classic.Level;
import io.herald.stack.AotCache;
import io.herald.stack.HeraldService;
import io.herald.stack.LocalStack;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code herald bench train-aot} ({@code ./herald build --aot}): a training run that makes each service's JDK AOT
 * cache ({@link AotCache}). Extracts each exec jar, runs a short benchmark on a stack of its own with every service
 * recording, then makes the caches once the services have exited. A cache it cannot make is a warning, never a
 * failure: the launcher then runs that service as before.
 */
@Command(
        name = "train-aot",
        mixinStandardHelpOptions = true,
        description = "Make each service's JDK AOT cache (<module>/target/aot) from a training run: N notifications "
                + "through all four services at the maximum rate. Exits 0 even when a cache could not be made (it "
                + "warns); the launcher uses a cache only while it matches the exec jar and the JDK.")
public final class AotTrainCommand implements Callable<Integer> {

    @Option(
            names = "--count",
            defaultValue = "8000",
            paramLabel = "N",
            description = "Notifications in the training run, after a warm-up of a quarter as many "
                    + "(default: ${DEFAULT-VALUE}).")
    int count;

    @Override
    public Integer call() throws Exception {
        RunReports.require(count > 0, "--count must be positive");
        RunReports.quiet("io.herald.sandbox", Level.WARN);
        PrintStream progress = System.err;
        Path home = LocalStack.heraldHome();
        Path out = home.resolve("target/aot-training");
        Instant begin = Instant.now();
        Map<HeraldService, List<String>> recording = new EnumMap<>(HeraldService.class);
        for (HeraldService service : HeraldService.values()) {
            try {
                recording.put(service, AotCache.of(home, service).prepareTraining(log(out, service)));
            } catch (Exception e) {
                progress.println("warning: no AOT cache for " + service.id() + ": " + e.getMessage());
            }
        }
        if (recording.isEmpty()) {
            return 0;
        }
        progress.printf("Training run: %,d notifications through the pipeline, services recording …%n", count);
        BenchSettings settings = new BenchSettings(
                count,
                0,
                count / 4,
                64,
                6,
                Duration.ofSeconds(300),
                Duration.ofSeconds(120),
                1_000,
                false,
                Map.of(),
                recording,
                out);
        try {
            BenchReport report = new Benchmark(settings, home, "./herald bench train-aot", progress)
                    .run(begin, RunReports.stamp(begin));
            if (!report.passed()) {
                progress.println("warning: the training run did not deliver every notification; "
                        + "making the caches from what it ran");
            }
        } catch (Exception e) {
            progress.println("warning: the training run failed (" + e + "); making the caches from what it ran");
        }
        int made = 0;
        for (HeraldService service : recording.keySet()) {
            AotCache cache = AotCache.of(home, service);
            try {
                cache.create(log(out, service));
                made++;
                progress.println("AOT cache for " + service.id() + ": " + home.relativize(cache.cache()));
            } catch (Exception e) {
                progress.println("warning: no AOT cache for " + service.id() + ": " + e.getMessage());
            }
        }
        progress.printf(
                "%d of %d AOT caches made in %d s%n",
                made,
                HeraldService.values().length,
                Duration.between(begin, Instant.now()).toSeconds());
        return 0;
    }

    private static Path log(Path out, HeraldService service) {
        return out.resolve(service.id() + "-aot.log");
    }
}
