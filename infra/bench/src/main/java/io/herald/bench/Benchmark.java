package io.herald.bench;

import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.contract.kafka.Topics;
import io.herald.sandbox.Fault;
import io.herald.sandbox.ProviderSandbox;
import io.herald.stack.AotCache;
import io.herald.stack.ComponentState;
import io.herald.stack.HeraldService;
import io.herald.stack.LocalStack;
import io.herald.stack.StackBuilder;
import io.herald.stack.StackListener;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One benchmark run of the whole pipeline: starts a fresh local stack on free ports (so it never meets a developer's
 * {@code herald up}) with {@code channels} Standard Webhooks channels on the in-process sandbox, publishes a warm-up
 * and then the measured notifications to {@code herald.requests}, matches each receipt at the sandbox to its publish,
 * samples every process's CPU and RSS meanwhile, checks the audit store for loss, measures the raw broker with
 * ProducerPerformance, and stops the stack.
 */
final class Benchmark {

    static final String WARMUP_TENANT = "bench-warmup";
    static final String RUN_TENANT = "bench-run";
    /** The stack runs without a topic prefix. */
    private static final String REQUESTS_TOPIC = new Topics("", List.of(Duration.ofSeconds(10))).requests();

    private static final String SECRET_VARIABLE = "HERALD_BENCH_WHSEC";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final BenchSettings settings;
    private final Path home;
    private final String command;
    private final PrintStream progress;
    private List<String> clusterNotes = List.of();
    private List<String> orderingNotes = List.of();

    Benchmark(BenchSettings settings, Path home, String command, PrintStream progress) {
        this.settings = settings;
        this.home = home;
        this.command = command;
        this.progress = progress;
    }

    BenchReport run(Instant date, String stamp) throws Exception {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
        MachineFacts machine = MachineFacts.now();
        // a random secret per run: the signer signs with it, the sandbox verifies with it; it is never printed
        String secret = "whsec_" + Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(24));
        List<String> channels = IntStream.range(0, settings.channels())
                .mapToObj(i -> String.format(Locale.ROOT, "bench-%03d", i))
                .toList();
        Path jfrDir = settings.outDir().resolve("jfr-" + stamp);

        StackBuilder builder = LocalStack.builder()
                .home(home)
                .workDir(settings.outDir().resolve("stack"))
                .freePorts()
                .channelCatalogContent(WebhookChannels.catalog(
                        channels,
                        channel -> SECRET_VARIABLE,
                        settings.ordering().strict()))
                .env(SECRET_VARIABLE, secret)
                .sandboxMaxRecords(1_000) // the receipt hook sees every request; the record keeps a few for people
                .serviceArgs(HeraldService.DISPATCHER, "--herald.dispatcher.providers=webhook")
                .listener(StackListener.printingTo(progress));
        for (HeraldService service : HeraldService.values()) {
            builder.serviceArgs(service, "--herald.kafka.partitions=" + settings.partitions());
            builder.serviceArgs(
                    service,
                    settings.serviceArgs().getOrDefault(service, List.of()).toArray(String[]::new));
            builder.serviceJvmOptions(
                    service,
                    settings.jvmOptions().getOrDefault(service, List.of()).toArray(String[]::new));
            if (settings.jfr()) {
                builder.serviceJvmOptions(
                        service,
                        "-XX:StartFlightRecording=filename=" + jfrDir.resolve(service.id() + ".jfr")
                                + ",settings=profile,dumponexit=true");
            }
        }
        settings.shape().applyTo(builder);
        if (settings.jfr()) {
            Files.createDirectories(jfrDir);
        }

        progress.println("Starting the local stack (free ports, work dir "
                + settings.outDir().resolve("stack") + "; AOT cache: "
                + AotCache.summary(home, List.of(HeraldService.values())) + ") …");
        long upStart = System.nanoTime();
        LatencyTracker warmup = new LatencyTracker("bench-w-", settings.warmup());
        LatencyTracker run = new LatencyTracker("bench-m-", settings.count());
        BenchReport report;
        try (LocalStack stack = builder.build().start()) {
            Duration stackUp = Duration.ofNanos(System.nanoTime() - upStart);
            progress.printf(Locale.ROOT, "Stack up in %.1f s%n", stackUp.toMillis() / 1000.0);
            ProviderSandbox sandbox = stack.sandbox();
            ClusterWatch cluster = new ClusterWatch(stack, progress);
            sandbox.onReceipt(request -> {
                long now = System.nanoTime();
                cluster.received(now);
                if (!run.received(request, now)) {
                    warmup.received(request, now);
                }
            });

            long published;
            long publishNanos;
            long windowNanos;
            boolean completed;
            int failures;
            int recordBytes;
            List<ProcessSampler.ProcessUsage> usage;
            try (LoadPublisher warmPublisher = new LoadPublisher(
                            stack.bootstrapServers(), stack.registryUrl(), REQUESTS_TOPIC, channels, WARMUP_TENANT);
                    LoadPublisher publisher = new LoadPublisher(
                            stack.bootstrapServers(), stack.registryUrl(), REQUESTS_TOPIC, channels, RUN_TENANT)) {
                if (settings.warmup() > 0) {
                    progress.printf(Locale.ROOT, "Warm-up: %,d notifications …%n", settings.warmup());
                    long start = System.nanoTime();
                    warmPublisher.publish(warmup, settings.rate());
                    if (!await(warmup, start)) {
                        progress.printf(
                                Locale.ROOT,
                                "Warm-up incomplete (%,d of %,d arrived); measuring anyway%n",
                                warmup.delivered(),
                                warmup.count());
                    }
                }
                if (settings.shape().brokers() > 1 || settings.shape().instances() > 1) {
                    cluster.recordSplit();
                }
                try (ProcessSampler sampler = new ProcessSampler(pids(stack))) {
                    progress.printf(
                            Locale.ROOT,
                            "Measured run: %,d notifications at %s …%n",
                            settings.count(),
                            settings.rate() == 0 ? "the maximum rate" : settings.rate() + "/s");
                    sampler.start();
                    long start = System.nanoTime();
                    if (settings.killBrokerAfter() != null) {
                        cluster.killBrokerAfter(settings.killBrokerAfter());
                    }
                    startOutage(sandbox, channels);
                    publisher.publish(run, settings.rate());
                    publishNanos = System.nanoTime() - start;
                    completed = await(run, start);
                    windowNanos = (completed ? run.lastReceiptNanos() : System.nanoTime()) - start;
                    usage = sampler.stop();
                }
                published = settings.count();
                failures = publisher.failures();
                recordBytes = publisher.recordBytes();
                for (LoadPublisher p : List.of(warmPublisher, publisher)) {
                    if (p.firstFailure() != null) {
                        progress.println(p.failures() + " publish(es) failed, the first with: " + p.firstFailure());
                    }
                }
            }

            LossAccount loss = null;
            String auditError = null;
            try {
                progress.println("Checking the audit store for every notification …");
                AuditCheck audit = new AuditCheck(stack.httpUrl(HeraldService.AUDIT), stack.readToken());
                audit.awaitFinished(
                        settings.warmup() + settings.count(),
                        System.nanoTime() + settings.auditTimeout().toNanos());
                loss = audit.account(RUN_TENANT, run.idPrefix(), settings.count());
            } catch (Exception e) {
                auditError = e.toString();
            }

            clusterNotes = cluster.notes();
            orderingNotes = orderingNotes(settings, run, channels.size(), dispatcherMetrics(stack));
            RawProducerRate.Result raw = null;
            String rawError = null;
            try {
                progress.printf(
                        Locale.ROOT,
                        "Raw broker: ProducerPerformance, %,d records of %d B …%n",
                        settings.rawRecords(),
                        recordBytes);
                raw = RawProducerRate.measure(
                        stack.bootstrapServers(),
                        settings.partitions(),
                        Math.max(1, recordBytes),
                        settings.rawRecords(),
                        settings.outDir().resolve("producer-performance-" + stamp + ".log"));
            } catch (Exception e) {
                rawError = e.toString();
            }

            report = new BenchReport(
                    command,
                    date,
                    machine,
                    MachineFacts.currentLoadAverage(),
                    stackUp,
                    settings,
                    recordBytes,
                    published,
                    failures,
                    publishNanos,
                    run.delivered(),
                    run.duplicates(),
                    run.rejectedByVerdict(),
                    windowNanos,
                    BenchReport.steady(run.receiptTimes()),
                    completed,
                    run.latencyMicros(),
                    loss,
                    auditError,
                    raw,
                    rawError,
                    usage,
                    List.of());
            progress.println("Stopping the stack …");
        }
        if (settings.jfr()) {
            List<Path> files = new ArrayList<>();
            for (HeraldService service : HeraldService.values()) {
                Path file = jfrDir.resolve(service.id() + ".jfr");
                if (Files.exists(file)) {
                    files.add(file);
                }
            }
            report = withJfr(report, files);
        }
        return report;
    }

    /** What the run showed of the cluster: partition split, and a broker kill's leader moves and stall (Markdown). */
    /** The first {@code --outage-channels} channels answer 503 for {@code --outage}, from now. */
    private void startOutage(ProviderSandbox sandbox, List<String> channels) {
        BenchSettings.OrderingScenario scenario = settings.ordering();
        for (String channel : channels.subList(0, scenario.outageChannels())) {
            sandbox.injectFault(new Fault(
                    "webhook", "/webhook/" + channel, 503, null, false, null, Map.of(), null, scenario.outage()));
        }
    }

    /** What ordering cost and kept: the dispatcher's waits and tries, and receipts out of their channel's order. */
    private static List<String> orderingNotes(
            BenchSettings settings, LatencyTracker run, int channels, String dispatcherMetrics) {
        BenchSettings.OrderingScenario scenario = settings.ordering();
        List<String> notes = new ArrayList<>();
        notes.add(String.format(
                Locale.ROOT,
                "- channels: %d, ordering: %s; outage: %s",
                channels,
                scenario.strict() ? "strict" : "none",
                scenario.outageChannels() == 0
                        ? "none"
                        : "the first " + scenario.outageChannels() + " answered 503 for "
                                + scenario.outage().toSeconds() + " s from the start of the measured run"));
        notes.add(String.format(
                Locale.ROOT,
                "- receipts that arrived before an earlier-published notification of their channel: %,d",
                run.outOfOrder(channels)));
        notes.add(String.format(
                Locale.ROOT,
                "- dispatcher, warm-up and run: tries sent %,.0f; waits in order (not sent, back through the retry"
                        + " path) %,.0f; retries written %,.0f",
                metricSum(dispatcherMetrics, "herald_dispatcher_attempts_total"),
                metricSum(dispatcherMetrics, "herald_dispatcher_ordering_waits_total"),
                metricSum(dispatcherMetrics, "herald_dispatcher_deliveries_total", "result=\"retry\"")));
        return notes;
    }

    /** The dispatcher's Prometheus scrape (the management port's open endpoint); empty when it cannot be read. */
    private static String dispatcherMetrics(LocalStack stack) {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            stack.managementUrl(HeraldService.DISPATCHER) + "/actuator/prometheus"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? answer.body() : "";
        } catch (Exception e) {
            return "";
        }
    }

    /** The sum of a Prometheus counter's series (those whose labels contain {@code labelFilter}, if given). */
    static double metricSum(String exposition, String name, String... labelFilter) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                if (labelFilter.length > 0 && !line.contains(labelFilter[0])) {
                    continue;
                }
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    List<String> orderingNotes() {
        return orderingNotes;
    }

    List<String> clusterNotes() {
        return clusterNotes;
    }

    /** Waits for every notification of {@code tracker}, printing progress, until {@code settings.timeout()} after start. */
    private boolean await(LatencyTracker tracker, long start) throws InterruptedException {
        long deadline = start + settings.timeout().toNanos();
        while (true) {
            long next = Math.min(deadline, System.nanoTime() + PROGRESS_EVERY.toNanos());
            if (tracker.awaitAll(next)) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            long elapsed = System.nanoTime() - start;
            progress.printf(
                    Locale.ROOT,
                    "  %,d of %,d arrived after %.0f s (%,.0f/s)%n",
                    tracker.delivered(),
                    tracker.count(),
                    elapsed / 1e9,
                    BenchReport.perSecond(tracker.delivered(), elapsed));
        }
    }

    /** The stack's processes by name, then this JVM (load generator and sandbox). */
    private static Map<String, Long> pids(LocalStack stack) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (ComponentState component : stack.components()) {
            if (component.running() && component.pid().isPresent()) {
                pids.put(component.name(), component.pid().getAsLong());
            }
        }
        pids.put("bench", ProcessHandle.current().pid());
        return pids;
    }

    private static BenchReport withJfr(BenchReport r, List<Path> files) {
        return new BenchReport(
                r.command(),
                r.date(),
                r.machine(),
                r.loadAverageAfter(),
                r.stackUp(),
                r.settings(),
                r.recordBytes(),
                r.published(),
                r.publishFailures(),
                r.publishNanos(),
                r.delivered(),
                r.duplicates(),
                r.rejectedReceipts(),
                r.windowNanos(),
                r.steadyThroughput(),
                r.completed(),
                r.latencyMicros(),
                r.loss(),
                r.auditError(),
                r.raw(),
                r.rawError(),
                r.processes(),
                files);
    }
}
