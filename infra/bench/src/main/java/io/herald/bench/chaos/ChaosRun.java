package io.herald.bench.chaos;

import ch.qos.logback.classic.Level;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.herald.bench.RunReports;
import io.herald.bench.WebhookChannels;
import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.contract.kafka.Topics;
import io.herald.stack.HeraldService;
import io.herald.stack.LocalStack;
import io.herald.stack.RestartPolicy;
import io.herald.stack.StackBuilder;
import io.herald.stack.StackListener;
import io.herald.stack.sweep.SecretSweep;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One {@code herald chaos} run: a stack of its own on free ports (never a developer's {@code herald up}), built as
 * {@code herald up}'s supervisor builds it (crashed components restarted), with {@code channels} Standard Webhooks
 * channels on the in-process sandbox and credentials generated for this run; then each fault in turn under a steady
 * load, measured in the audit store and at the sandbox; then, once the stack has stopped and its files are complete,
 * the secrets sweep over the broker's log segments, the stack's logs and PostgreSQL's data directory.
 */
final class ChaosRun {

    /** The stack runs without a topic prefix. */
    private static final String REQUESTS_TOPIC = new Topics("", List.of(Duration.ofSeconds(10))).requests();

    private static final String SEALING_KEY_VARIABLE = "HERALD_SEALING_KEY";
    /** Timelines read per scenario to tell whether its duplicates show in the audit store. */
    private static final int DUPLICATES_CHECKED = 200;

    private final ChaosSettings settings;
    private final Path home;
    private final String command;
    private final PrintStream progress;
    private final SecureRandom random = new SecureRandom();
    private final Settling waits;

    ChaosRun(ChaosSettings settings, Path home, String command, PrintStream progress) {
        this.waits = new Settling(settings.grace(), progress);
        this.settings = settings;
        this.home = home;
        this.command = command;
        this.progress = progress;
    }

    ChaosReport run(Instant date, String stamp) throws Exception {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
        // the sandbox logs every request and the producer every retry while the broker is down: it would bury the
        // progress
        RunReports.quiet("io.herald.sandbox", Level.WARN);
        RunReports.quiet("org.apache.kafka", Level.ERROR);
        Machine machine = Machine.now();
        String loadBefore = Machine.loadAverage();
        long runStart = System.nanoTime();
        Path workDir = settings.outDir().resolve("stack");

        // every credential of this run is made here, so the sweep knows each one; none is ever printed
        List<String> channels = IntStream.range(0, settings.channels())
                .mapToObj(i -> String.format(Locale.ROOT, "chaos-%03d", i))
                .toList();
        Map<String, String> whsecByChannel = new java.util.LinkedHashMap<>();
        channels.forEach(channel -> whsecByChannel.put(channel, "whsec_" + base64(24)));
        String sealingKey = base64(32);

        StackBuilder builder = LocalStack.builder()
                .home(home)
                .workDir(workDir)
                .freePorts()
                .channelCatalogContent(WebhookChannels.catalog(channels, ChaosRun::variable))
                .env(SEALING_KEY_VARIABLE, sealingKey)
                .sandboxMaxRecords(1_000) // the receipt hook sees every request; the record keeps a few for people
                .restartCrashed(RestartPolicy.DEFAULT)
                .listener(StackListener.printingTo(progress));
        whsecByChannel.forEach((channel, secret) -> builder.env(variable(channel), secret));
        for (HeraldService service : HeraldService.values()) {
            builder.serviceArgs(service, "--herald.kafka.partitions=" + settings.partitions());
            builder.serviceArgs(
                    service,
                    settings.serviceArgs().getOrDefault(service, List.of()).toArray(String[]::new));
        }

        settings.shape().applyTo(builder);
        LocalStack chaosStack = builder.build();
        // the stack makes its bearer tokens; the sweep looks for each of them too
        Map<String, String> tokens = chaosStack.tokens();

        List<FaultResult> results = new ArrayList<>();
        ReceiptLedger ledger = new ReceiptLedger();
        Duration stackUp;
        String loadAfter;
        progress.println("Starting the chaos stack (free ports, work dir " + workDir + ") …");
        long upStart = System.nanoTime();
        try (LocalStack stack = chaosStack.start()) {
            stackUp = Duration.ofNanos(System.nanoTime() - upStart);
            progress.printf(Locale.ROOT, "Stack up in %.1f s%n", stackUp.toMillis() / 1000.0);
            stack.sandbox().onReceipt(request -> ledger.record(request, System.nanoTime()));
            AuditClient audit = new AuditClient(stack.httpUrl(HeraldService.AUDIT), stack.readToken());
            try (Producer<String, Object> producer = producer(stack)) {
                for (FaultKind kind : settings.faults()) {
                    results.add(scenario(kind, stack, producer, audit, ledger, channels, stamp));
                    FaultResult last = results.getLast();
                    progress.println("  " + kind.id() + ": " + (last.passed() ? "PASS" : "FAIL " + last.problems()));
                }
            }
            loadAfter = Machine.loadAverage();
            progress.println("Stopping the stack …");
        }

        progress.println("Secrets sweep: Kafka log segments, the stack's logs, PostgreSQL's data directory …");
        List<SecretSweep.Secret> secrets = new ArrayList<>();
        whsecByChannel.forEach(
                (channel, secret) -> secrets.add(SecretSweep.Secret.whsec("webhook secret of " + channel, secret)));
        secrets.add(SecretSweep.Secret.base64Key("credential-sealing key", sealingKey));
        tokens.forEach((name, value) -> secrets.add(SecretSweep.Secret.text(name + " token", value)));
        SecretSweep.Result sweep = new SecretSweep(secrets).sweep(SecretSweep.stackPlaces(workDir));
        return new ChaosReport(
                command,
                date,
                machine,
                loadBefore,
                loadAfter,
                settings,
                stackUp,
                results,
                secrets.size(),
                sweep,
                Duration.ofNanos(System.nanoTime() - runStart));
    }

    private FaultResult scenario(
            FaultKind kind,
            LocalStack stack,
            Producer<String, Object> producer,
            AuditClient audit,
            ReceiptLedger ledger,
            List<String> channels,
            String stamp)
            throws InterruptedException {
        long begin = System.nanoTime();
        List<String> notes = new ArrayList<>();
        progress.printf(Locale.ROOT, "%n== %s ==%n", kind.id());
        String action = kind.id();
        try {
            waits.awaitHealthy(stack);
        } catch (IllegalStateException e) {
            return FaultResult.failedToRun(
                    kind, action, notes, Duration.ofNanos(System.nanoTime() - begin), e.getMessage());
        }
        stack.sandbox().clearFaults();
        Disruption disruption = Disruption.of(kind, stack, settings);
        ScenarioLoad load = new ScenarioLoad(
                producer,
                REQUESTS_TOPIC,
                stack.httpUrl(HeraldService.INGEST),
                stack.publishToken(),
                channels,
                "chaos-" + kind.id(),
                "chaos-" + stamp + "-" + kind.id() + "-",
                settings.rate(),
                settings.httpRate());
        long faultEnd;
        String error = null;
        try {
            load.start();
            progress.printf(
                    Locale.ROOT,
                    "Load: %d/s to %s%s for %s before the fault%n",
                    settings.rate(),
                    REQUESTS_TOPIC,
                    settings.httpRate() > 0 ? " and " + settings.httpRate() + "/s over HTTP" : "",
                    Disruption.seconds(settings.lead()));
            sleep(settings.lead());
            action = disruption.inject();
            long injected = System.nanoTime();
            progress.println("Fault: " + action);
            if (kind.isKill()) {
                faultEnd = injected; // instantaneous; the restart is the recovery under test
                notes.add(disruption.end());
            } else {
                sleep(settings.hold(kind));
                faultEnd = System.nanoTime();
                notes.add("held " + Disruption.seconds(settings.hold(kind)) + "; " + disruption.end());
            }
            progress.println("  " + notes.getLast());
            sleep(settings.tail());
        } catch (Exception e) {
            disruption.abandon();
            error = e.getMessage() == null ? e.toString() : e.getMessage();
            faultEnd = System.nanoTime();
            progress.println("  the fault could not be played: " + error);
        } finally {
            load.stop();
            load.close();
        }
        Map<String, Long> published = load.published();
        progress.printf(
                Locale.ROOT,
                "Load stopped: %,d published (%,d failed); waiting up to %s for every one to be final …%n",
                published.size(),
                load.failures(),
                Disruption.seconds(settings.grace()));

        Map<String, String> statuses = waits.awaitFinal(audit, load.tenant(), published, ledger, notes);
        Accounting accounting = Accounting.of(published, statuses, ledger, faultEnd);
        int checked = 0;
        int visible = 0;
        for (String id : accounting
                .duplicates()
                .subList(0, Math.min(DUPLICATES_CHECKED, accounting.duplicates().size()))) {
            try {
                checked++;
                if (audit.tries(id).showsRepeat()) {
                    visible++;
                }
            } catch (Exception e) {
                checked--;
                notes.add("a duplicate's timeline could not be read: " + e.getMessage());
                break;
            }
        }
        return new FaultResult(
                kind,
                action,
                notes,
                accounting,
                load.failures(),
                load.firstFailure(),
                load.httpRetries(),
                checked,
                visible,
                Duration.ofNanos(System.nanoTime() - begin),
                error);
    }

    private static Producer<String, Object> producer(LocalStack stack) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "herald-chaos");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // an application that must not lose a notification waits out a broker restart instead of failing the send
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int)
                Duration.ofMinutes(10).toMillis());
        config.put(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Duration.ofMinutes(5).toMillis());
        config.put("apicurio.registry.url", stack.registryUrl());
        config.put("apicurio.registry.auto-register", true);
        return new KafkaProducer<>(config);
    }

    private static String variable(String channel) {
        return "CHAOS_WHSEC_" + channel.substring(channel.lastIndexOf('-') + 1);
    }

    private String base64(int bytes) {
        byte[] key = new byte[bytes];
        random.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static void sleep(Duration duration) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(duration.toMillis());
    }
}
